import { signals } from '../../../core/db/index.js';
import { User } from '../../user/models/index.js';
import { JWTToken, WebSession } from '../models/index.js';
import { credentialsKeptFor } from '../services/password-change.js';

// Changing a password revokes every token of the user, in the same transaction as the change; a user
// changing their own password keeps the token they did it with.
signals.afterUpdate(User, async (user, { em, changed }) => {
  if (!changed.has('password')) return;
  const { tokenHash } = credentialsKeptFor(user);
  await em.nativeDelete(JWTToken, (tokenHash ? { user: user.id, tokenHash: { $ne: tokenHash } } : { user: user.id }) as never);
});

// A password change ends the user's web sessions too (they reference a row: every replica sees it at once),
// except the session a user changed their own password in.
signals.afterUpdate(User, async (user, { em, changed }) => {
  if (!changed.has('password')) return;
  const { sessionId } = credentialsKeptFor(user);
  await em.nativeDelete(WebSession, (sessionId ? { user: user.id, keyHash: { $ne: sessionId } } : { user: user.id }) as never);
});

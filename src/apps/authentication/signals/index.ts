import { signals } from '../../../core/db/index.js';
import { User } from '../../user/models/index.js';
import { JWTToken, WebSession } from '../models/index.js';

// Changing a password revokes every token of the user, in the same transaction as the change.
signals.afterUpdate(User, async (user, { em, changed }) => {
  if (changed.has('password')) await em.nativeDelete(JWTToken, { user: user.id } as never);
});

// A password change ends the user's web sessions too (they reference a row: every replica sees it at once).
signals.afterUpdate(User, async (user, { em, changed }) => {
  if (changed.has('password')) await em.nativeDelete(WebSession, { user: user.id } as never);
});

/**
 * `@CurrentUser()` and `@Depends()` are type-checked: the user app names `User` as the project's user
 * (`KitTypes`), so a parameter whose type cannot take the value does not compile. The `@ts-expect-error` lines
 * make the build fail if that check ever stops working; the test checks the value at run time.
 */
import { expect } from 'chai';
import { Controller, CurrentUser, currentUser, dependency, Depends, route, type AuthUser } from '../../../core/http/index.js';
import { useTestCase } from '../../../core/testing/index.js';
import { User } from '../models/index.js';

/** The caller's username, through the typed `currentUser`. */
const username = dependency({ user: currentUser }, ({ user }) => user.username);

@Controller('/typed-probe')
export class TypedProbeController {
  @route.get('/')
  get(@CurrentUser() user: User, @Depends(username) name: string) {
    return { isUser: user instanceof User, name };
  }

  // @ts-expect-error -- the current user is a User, not a string
  wrongUser(@CurrentUser() user: string) {
    return user;
  }

  // @ts-expect-error -- `username` resolves to a string, not a number
  wrongDependency(@Depends(username) name: number) {
    return name;
  }
}

describe('the typed current user', () => {
  const t = useTestCase({ fixtures: ['users'] });

  it('is the User model for the type checker and at run time', async () => {
    const user: AuthUser = await User.getOr404({ username: 'fastapi' });
    expect(user).to.be.instanceOf(User);
    const instance = new TypedProbeController();
    expect(instance.get(user, user.username)).to.deep.equal({ isUser: true, name: 'fastapi' });
    expect(t.em).to.exist;
  });
});

/**
 * The User model: a bcrypt-hashed password that is never serialized (neither it nor its hash), roles,
 * and the derived schemas the routes validate with.
 */
import { expect } from 'chai';
import { useTestCase } from '../../../core/testing/index.js';
import { getSettings } from '../../../settings/index.js';
import { User, UserCreate, UserPatch } from '../models/index.js';

describe('User model', () => {
  const t = useTestCase();

  const john = () => User.create({ username: 'd.john', first_name: 'John', last_name: 'Doe', password: 'secret123' });

  describe('password', () => {
    it('is stored as a bcrypt hash (cost from PASSWORD_HASH_ROUNDS), never as written', async () => {
      const user = await john().save();
      const rounds = String(getSettings().PASSWORD_HASH_ROUNDS).padStart(2, '0');
      expect(user.password).to.match(new RegExp(`^\\$2b\\$${rounds}\\$.{53}$`));
      const [row] = await t.em.execute<Array<{ password: string }>>('select password from users where id = ?', [user.id]);
      expect(row!.password).to.equal(user.password);
    });

    it('checkPassword accepts the password and nothing else', async () => {
      const user = await john().save();
      expect(await user.checkPassword('secret123')).to.equal(true);
      expect(await user.checkPassword('secret124')).to.equal(false);
      expect(await user.checkPassword('')).to.equal(false);
    });

    it('is hashed again when it changes, and left alone when other fields change', async () => {
      const user = await john().save();
      const first = user.password;
      await user.assign({ address: 'Grenoble' }).save();
      expect(user.password).to.equal(first);
      await user.assign({ password: 'another-one' }).save();
      expect(user.password).to.not.equal(first);
      expect(await user.checkPassword('another-one')).to.equal(true);
    });

    it('is never serialized: not in toJSON, not in the read schema', async () => {
      const user = await john().save();
      expect(JSON.parse(JSON.stringify(user))).to.not.have.property('password');
      expect(User.readSchema().shape).to.not.have.property('password');
    });
  });

  it('defaults to the role "active" and the status "inactive"; fullName and isAdmin follow the fields', async () => {
    const user = await john().save();
    expect(user).to.include({ role: 'active', status: 'inactive', fullName: 'John Doe', isAdmin: false });
    user.role = 'admin';
    expect(user.isAdmin).to.equal(true);
  });

  it('UserCreate needs username, first_name, last_name and password; the rest is optional and status is not writable', () => {
    expect(Object.keys(UserCreate.shape)).to.have.members(['username', 'first_name', 'last_name', 'password', 'email', 'address', 'age', 'role']);
    const parsed = UserCreate.parse({ username: 'u', first_name: 'F', last_name: 'L', password: 'p', status: 'active', id: 4 });
    expect(parsed).to.deep.equal({ username: 'u', first_name: 'F', last_name: 'L', password: 'p', email: null, address: null, age: null, role: 'active' });
  });

  it('UserPatch has the same eight fields, all optional, without defaults (a PATCH never resets what it does not send)', () => {
    expect(Object.keys(UserPatch.shape)).to.have.members(Object.keys(UserCreate.shape));
    expect(UserPatch.parse({ age: 3 })).to.deep.equal({ age: 3 });
  });
});

import { z } from 'zod';
import { Body, Controller, Depends, Param, Pk, route } from '../../../core/http/index.js';
import { Group, Permission, User, permissionsNamed, type UserPresenter } from '../../user/models/index.js';
import { AdminAccess, userView } from '../../user/dependencies/index.js';
import { adminCrudController } from './admin-crud.js';

const find = (pk: number) => Group.getOr404({ id: pk }, 'Group not found.');

const UserRead = User.readSchema();
const PermissionRead = Permission.readSchema();
const Usernames = z.object({ users: z.array(z.string().min(1).max(150)).max(1000) });
const PermissionNames = z.object({ permissions: z.array(z.string().min(1).max(255)).max(1000) });
const NOT_FOUND = { 404: 'Group not found.' };

/** Groups, for admins: CRUD (`?name=` matches as a prefix), as permissions. */
export const GroupsController = adminCrudController(Group, { name: 'group', nameMatch: 'prefix' });

/** Group members and group permissions, for admins. */
@Controller('/', { dependencies: [AdminAccess] })
export class GroupMembersController {
  /** Adds the named users (unknown names are ignored); answers with the group's users. */
  @route.patch('/:pk/users/add/', { name: 'group-add-user', response: z.array(UserRead), responses: NOT_FOUND })
  async addUsers(@Param('pk', Pk) pk: number, @Body(Usernames) body: z.infer<typeof Usernames>, @Depends(userView) view: UserPresenter) {
    const group = await find(pk);
    await group.extendUsers(await User.filter({ username__in: body.users }, { limit: null }));
    return view.many(await group.users());
  }

  @route.patch('/:pk/users/remove/', { name: 'group-remove-user', response: z.array(UserRead), responses: NOT_FOUND })
  async removeUsers(@Param('pk', Pk) pk: number, @Body(Usernames) body: z.infer<typeof Usernames>, @Depends(userView) view: UserPresenter) {
    const group = await find(pk);
    await group.removeUsers(await User.filter({ username__in: body.users }, { limit: null }));
    return view.many(await group.users());
  }

  /** Adds the named permissions; answers with the group's permissions. */
  @route.patch('/:pk/permissions/add/', { name: 'group-add-permissions', response: z.array(PermissionRead), responses: NOT_FOUND })
  async addPermissions(@Param('pk', Pk) pk: number, @Body(PermissionNames) body: z.infer<typeof PermissionNames>) {
    const group = await find(pk);
    await group.extendPermissions(await permissionsNamed(body.permissions, ['body', 'permissions']));
    return group.permissions();
  }

  @route.patch('/:pk/permissions/remove/', { name: 'group-remove-permissions', response: z.array(PermissionRead), responses: NOT_FOUND })
  async removePermissions(@Param('pk', Pk) pk: number, @Body(PermissionNames) body: z.infer<typeof PermissionNames>) {
    const group = await find(pk);
    await group.removePermissions(await Permission.filter({ name__in: body.permissions }, { limit: null }));
    return group.permissions();
  }
}

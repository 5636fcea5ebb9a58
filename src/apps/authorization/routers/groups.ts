import { z } from 'zod';
import { Body, Controller, Param, Query, route } from '../../../core/http/index.js';
import { User } from '../../user/models/index.js';
import { AdminAccess } from '../dependencies/index.js';
import { Group, Permission } from '../models/index.js';
import { assertPartial, find, Pk } from './crud-controller.js';

const GroupCreate = Group.createSchema();
const GroupUpdate = Group.updateSchema();
/** PUT body: name and target_table required; the other fields are applied only when sent (behaviour.md §5.5). */
const GroupPut = GroupUpdate.required({ name: true, target_table: true });
const GroupRead = Group.readSchema();
const UserRead = User.readSchema();
const PermissionRead = Permission.readSchema();
const ListQuery = z.object({
  name: z.string().max(255).optional(),
  target_table: z.string().max(255).optional(),
  offset: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(0).max(100).default(100),
});
const Usernames = z.object({ users: z.array(z.string().min(1).max(150)).max(1000) });
const PermissionNames = z.object({ permissions: z.array(z.string().min(1).max(255)).max(1000) });
const NOT_FOUND = { 404: 'Group not found.' };

/** Groups of users holding permissions, for admins (behaviour.md §5.5). */
@Controller('/groups')
export class GroupsController {
  /** Filters by `name` prefix and exact `target_table`, ordered by id. */
  @route.get('/', { name: 'group-list', dependencies: [AdminAccess], response: z.array(GroupRead) })
  list(@Query(ListQuery) q: z.infer<typeof ListQuery>) {
    return Group.filter({ name__startswith: q.name, target_table: q.target_table }, { offset: q.offset, limit: q.limit });
  }

  @route.post('/', { name: 'group-create', status: 201, dependencies: [AdminAccess], response: GroupRead, responses: { 409: 'Name already used' } })
  create(@Body(GroupCreate) data: z.infer<typeof GroupCreate>) {
    return Group.create(data).save();
  }

  @route.patch('/:pk', { name: 'group-patch', dependencies: [AdminAccess], response: GroupRead, responses: NOT_FOUND })
  async patch(@Param('pk', Pk) pk: number, @Body(GroupUpdate) data: z.infer<typeof GroupUpdate>) {
    const group = await find(Group, pk);
    assertPartial(data, GroupUpdate);
    return group.assign(data).save();
  }

  @route.put('/:pk', { name: 'group-update', dependencies: [AdminAccess], response: GroupRead, responses: NOT_FOUND })
  async update(@Param('pk', Pk) pk: number, @Body(GroupPut) data: z.infer<typeof GroupPut>) {
    return (await find(Group, pk)).assign(data).save();
  }

  @route.delete('/:pk', { name: 'group-delete', status: 204, dependencies: [AdminAccess], responses: NOT_FOUND })
  async remove(@Param('pk', Pk) pk: number) {
    await (await find(Group, pk)).delete();
  }

  /** Adds the named users (unknown names are ignored); answers with the group's users. */
  @route.patch('/:pk/users/add/', { name: 'group-add-user', dependencies: [AdminAccess], response: z.array(UserRead), responses: NOT_FOUND })
  async addUsers(@Param('pk', Pk) pk: number, @Body(Usernames) body: z.infer<typeof Usernames>) {
    const group = await find(Group, pk);
    await group.extendUsers(await User.filter({ username__in: body.users }, { limit: null }));
    return group.users();
  }

  @route.patch('/:pk/users/remove/', { name: 'group-remove-user', dependencies: [AdminAccess], response: z.array(UserRead), responses: NOT_FOUND })
  async removeUsers(@Param('pk', Pk) pk: number, @Body(Usernames) body: z.infer<typeof Usernames>) {
    const group = await find(Group, pk);
    await group.removeUsers(await User.filter({ username__in: body.users }, { limit: null }));
    return group.users();
  }

  /** Adds the named permissions; answers with the group's permissions. */
  @route.patch('/:pk/permissions/add/', { name: 'group-add-permissions', dependencies: [AdminAccess], response: z.array(PermissionRead), responses: NOT_FOUND })
  async addPermissions(@Param('pk', Pk) pk: number, @Body(PermissionNames) body: z.infer<typeof PermissionNames>) {
    const group = await find(Group, pk);
    await group.extendPermissions(await Permission.filter({ name__in: body.permissions }, { limit: null }));
    return group.permissions();
  }

  @route.patch('/:pk/permissions/remove/', { name: 'group-remove-permissions', dependencies: [AdminAccess], response: z.array(PermissionRead), responses: NOT_FOUND })
  async removePermissions(@Param('pk', Pk) pk: number, @Body(PermissionNames) body: z.infer<typeof PermissionNames>) {
    const group = await find(Group, pk);
    await group.removePermissions(await Permission.filter({ name__in: body.permissions }, { limit: null }));
    return group.permissions();
  }
}

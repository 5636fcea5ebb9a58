import { z } from 'zod';
import { Forbidden } from '../../../core/errors/index.js';
import { listQuery, type ListParams } from '../../../core/db/index.js';
import { Body, checkPatch, Controller, CurrentUser, Depends, optionalUser, Param, PATCH_RESPONSES, Pk, Query, route } from '../../../core/http/index.js';
import { ACCESS_DENIED, AdminAccess, permissionRequired, userView } from '../dependencies/index.js';
import { crudName, Group, Permission, permissionsNamed, User, UserCreate, UserPatch, UserPublic, UserRead, type UserPresenter } from '../models/index.js';

/** `?username__icontains=jo&role=staff&order_by=username`: email, address and age are not filterable (nor shown to others). */
const userList = listQuery(User, {
  filters: { username: ['exact', 'icontains', 'istartswith'], first_name: ['icontains'], last_name: ['icontains'], role: ['exact', 'in'], status: ['exact'] },
  ordering: ['id', 'username', 'last_name', 'created_at'],
});
const NameList = z.object({ permissions: z.array(z.string().min(1).max(255)).max(1000) });
const PermissionRead = Permission.readSchema();
const GroupRead = Group.readSchema();
const NOT_FOUND = 'User not found.';

const canUpdate = permissionRequired({ permissions: [crudName('update', 'users')], groups: [crudName('update', 'users')] });
// eslint-disable-next-line no-useless-assignment -- read by the @Depends decorator of remove(), which the rule does not see
const canDelete = permissionRequired({ permissions: [crudName('delete', 'users')], groups: [crudName('delete', 'users')] });

/** A non-admin may not change a role: the stored one is kept (the original's role_guard). */
function guardRole<T extends { role?: string }>(data: T, stored: User, actor: User): T {
  return actor.isAdmin || data.role === undefined ? data : { ...data, role: stored.role };
}

/** The caller's own permissions and groups. */
@Controller('/users')
export class UserPermissionsController {
  @route.get('/permissions/', { name: 'user-own-permissions', response: z.array(PermissionRead) })
  ownPermissions(@CurrentUser() user: User) {
    return user.permissions();
  }

  @route.get('/groups/', { name: 'user-own-groups', response: z.array(GroupRead) })
  ownGroups(@CurrentUser() user: User) {
    return user.groups();
  }
}

/** Anyone's permissions and groups, and granting or taking permissions: admins only. */
@Controller('/users', { dependencies: [AdminAccess] })
export class UserAccessAdminController {
  @route.get('/:pk/permissions/', { name: 'user-get-permissions', response: z.array(PermissionRead), responses: { 404: NOT_FOUND } })
  async permissions(@Param('pk', Pk) pk: number) {
    return (await User.getOr404({ id: pk }, NOT_FOUND)).permissions();
  }

  @route.get('/:pk/groups/', { name: 'user-get-groups', response: z.array(GroupRead), responses: { 404: NOT_FOUND } })
  async groups(@Param('pk', Pk) pk: number) {
    return (await User.getOr404({ id: pk }, NOT_FOUND)).groups();
  }

  /** Adds the named permissions; answers with them (ordered by id). An unknown name is a 422 listing the unknown ones. */
  @route.patch('/:pk/permissions/add/', { name: 'user-add-permissions', response: z.array(PermissionRead), responses: { 404: NOT_FOUND } })
  async addPermissions(@Param('pk', Pk) pk: number, @Body(NameList) body: z.infer<typeof NameList>) {
    const user = await User.getOr404({ id: pk }, NOT_FOUND);
    const permissions = await permissionsNamed(body.permissions, ['body', 'permissions']);
    await user.extendPermissions(permissions);
    return permissions;
  }

  /** Removes the named permissions; answers with those it resolved. */
  @route.patch('/:pk/permissions/remove/', { name: 'user-remove-permissions', response: z.array(PermissionRead), responses: { 404: NOT_FOUND } })
  async removePermissions(@Param('pk', Pk) pk: number, @Body(NameList) body: z.infer<typeof NameList>) {
    const user = await User.getOr404({ id: pk }, NOT_FOUND);
    const permissions = await Permission.filter({ name__in: body.permissions }, { limit: null });
    await user.removePermissions(permissions);
    return permissions;
  }
}

/**
 * Users: anyone may list, read (without others' private fields) and register; changing or deleting needs the
 * permission and ownership (or admin), so those answers are the caller's own record or an admin's view: whole.
 */
@Controller('/users')
export class UsersController {
  /** Everyone's public fields; email, address and age only for the caller's own record (all of them for admins). */
  @route.get('/', { name: 'user-list', response: z.array(UserPublic) })
  async list(@Query(userList.schema) query: ListParams, @Depends(userView) view: UserPresenter) {
    return view.many((await userList.run(query)) as User[]);
  }

  @route.get('/:pk', { name: 'user-get', response: UserPublic, responses: { 404: NOT_FOUND } })
  async get(@Param('pk', Pk) pk: number, @Depends(userView) view: UserPresenter) {
    return view.one(await User.getOr404({ id: pk }, NOT_FOUND));
  }

  /** Registers a user. `role` is honoured only when an admin calls (anyone could make themselves admin otherwise); a taken username or email is a 409, not a 500. */
  @route.post('/', { name: 'user-create', status: 201, response: UserRead, responses: { 409: 'Username or email already used' } })
  create(@Body(UserCreate) data: UserCreate, @Depends(optionalUser) actor: User | undefined) {
    const { role, ...rest } = data;
    return User.create(actor?.isAdmin ? data : rest).save();
  }

  /** Replaces a user: omitted optional fields are reset; the password is re-hashed (and the user's tokens revoked). */
  @route.put('/:pk', { name: 'user-update', response: UserRead, responses: { 404: NOT_FOUND } })
  async update(@Param('pk', Pk) pk: number, @Body(UserCreate) data: UserCreate, @Depends(canUpdate) actor: User) {
    const user = await User.getOr404({ id: pk }, NOT_FOUND);
    if (!actor.isAdmin && actor.id !== user.id) throw new Forbidden(ACCESS_DENIED);
    return user.assign(guardRole(data, user, actor)).save();
  }

  /** Changes some fields; sending all eight is a 400 (use PUT). */
  @route.patch('/:pk', { name: 'user-patch', response: UserRead, responses: { ...PATCH_RESPONSES, 404: NOT_FOUND } })
  async patch(@Param('pk', Pk) pk: number, @Body(UserPatch) data: UserPatch, @Depends(canUpdate) actor: User) {
    const user = await User.getOr404({ id: pk }, NOT_FOUND);
    if (!actor.isAdmin && actor.id !== user.id) throw new Forbidden(`${ACCESS_DENIED}.`);
    checkPatch(data, UserPatch);
    return user.assign(guardRole(data, user, actor)).save();
  }

  /** Deletes a user (its links go with it; its tokens stop working). */
  @route.delete('/:pk', { name: 'user-delete', status: 204, responses: { 404: NOT_FOUND } })
  async remove(@Param('pk', Pk) pk: number, @Depends(canDelete) actor: User) {
    const user = await User.getOr404({ id: pk }, NOT_FOUND);
    if (!actor.isAdmin && actor.id !== user.id) throw new Forbidden(ACCESS_DENIED);
    await user.delete();
  }
}

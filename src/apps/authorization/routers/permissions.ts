import { z } from 'zod';
import { Body, Controller, Param, Query, route } from '../../../core/http/index.js';
import { AdminAccess } from '../dependencies/index.js';
import { Permission } from '../models/index.js';
import { assertPartial, find, Pk } from './crud-controller.js';

const PermissionCreate = Permission.createSchema();
const PermissionUpdate = Permission.updateSchema();
/** PUT body: name and target_table required; the other fields are applied only when sent (behaviour.md §5.5). */
const PermissionPut = PermissionUpdate.required({ name: true, target_table: true });
const PermissionRead = Permission.readSchema();
const ListQuery = z.object({
  name: z.string().max(255).optional(),
  target_table: z.string().max(255).optional(),
  offset: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(0).max(100).default(100),
});
const NOT_FOUND = { 404: 'Permission not found.' };

/** Permissions as data, for admins (behaviour.md §5.5). */
@Controller('/permissions')
export class PermissionsController {
  /** Filters by exact `name` and `target_table`, ordered by id. */
  @route.get('/', { name: 'permission-list', dependencies: [AdminAccess], response: z.array(PermissionRead) })
  list(@Query(ListQuery) q: z.infer<typeof ListQuery>) {
    return Permission.filter({ name: q.name, target_table: q.target_table }, { offset: q.offset, limit: q.limit });
  }

  @route.post('/', { name: 'permission-create', status: 201, dependencies: [AdminAccess], response: PermissionRead, responses: { 409: 'Name already used' } })
  create(@Body(PermissionCreate) data: z.infer<typeof PermissionCreate>) {
    return Permission.create(data).save();
  }

  @route.patch('/:pk', { name: 'permission-patch', dependencies: [AdminAccess], response: PermissionRead, responses: NOT_FOUND })
  async patch(@Param('pk', Pk) pk: number, @Body(PermissionUpdate) data: z.infer<typeof PermissionUpdate>) {
    const permission = await find(Permission, pk);
    assertPartial(data, PermissionUpdate);
    return permission.assign(data).save();
  }

  @route.put('/:pk', { name: 'permission-update', dependencies: [AdminAccess], response: PermissionRead, responses: NOT_FOUND })
  async update(@Param('pk', Pk) pk: number, @Body(PermissionPut) data: z.infer<typeof PermissionPut>) {
    return (await find(Permission, pk)).assign(data).save();
  }

  @route.delete('/:pk', { name: 'permission-delete', status: 204, dependencies: [AdminAccess], responses: NOT_FOUND })
  async remove(@Param('pk', Pk) pk: number) {
    await (await find(Permission, pk)).delete();
  }
}

import { z } from 'zod';
import { BadRequest } from '../../../core/errors/index.js';
import { Body, Controller, Param, Pk, Query, route } from '../../../core/http/index.js';
import type { Filters } from '../../../core/db/index.js';
import { AdminAccess } from '../dependencies/index.js';
import type { Group, NamedForTable, Permission } from '../models/permission.js';


const ListQuery = z.object({
  name: z.string().max(255).optional(),
  target_table: z.string().max(255).optional(),
  offset: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(0).max(100).default(100),
});

/** Options of `adminCrudController`. */
interface AdminCrudOptions {
  /** Route names are `<name>-list`, `<name>-create`, `<name>-patch`, `<name>-update`, `<name>-delete`. */
  name: 'permission' | 'group';
  /** How the list matches `?name=`: exactly (permissions) or as a prefix (groups), as the original. */
  nameMatch: 'exact' | 'prefix';
}

/**
 * The admin CRUD routes of permissions and groups (behaviour.md §5.5), which differ only in their model, names
 * and list filter: list, create (201), PATCH (400 when every field is sent), PUT (name and target_table required,
 * the rest applied when sent), DELETE (204); 404 "<Model> not found.".
 */
export function adminCrudController(model: typeof Permission | typeof Group, options: AdminCrudOptions) {
  type Entity = NamedForTable;
  const Model = model as unknown as typeof Permission;
  const Create = Model.createSchema();
  const Update = Model.updateSchema();
  // PUT: name and target_table required; the other fields are applied only when sent (behaviour.md §5.5).
  const Put = Update.required({ name: true, target_table: true });
  const Read = Model.readSchema();
  const notFound = `${model.name} not found.`;
  const find = (pk: number): Promise<Entity> => Model.getOr404({ id: pk }, notFound);
  const { name } = options;

  @Controller('/')
  class AdminCrudController {
    @route.get('/', { name: `${name}-list`, dependencies: [AdminAccess], response: z.array(Read) })
    list(@Query(ListQuery) q: z.infer<typeof ListQuery>) {
      const filters = { [options.nameMatch === 'exact' ? 'name' : 'name__startswith']: q.name, target_table: q.target_table };
      return Model.filter(filters as Filters<Permission>, { offset: q.offset, limit: q.limit });
    }

    @route.post('/', { name: `${name}-create`, status: 201, dependencies: [AdminAccess], response: Read, responses: { 409: 'Name already used' } })
    create(@Body(Create) data: z.infer<typeof Create>) {
      return Model.create(data).save();
    }

    @route.patch('/:pk', { name: `${name}-patch`, dependencies: [AdminAccess], response: Read, responses: { 400: 'Every field sent: use PUT', 404: notFound } })
    async patch(@Param('pk', Pk) pk: number, @Body(Update) data: z.infer<typeof Update>) {
      const row = await find(pk);
      if (Object.keys(data).length === Object.keys(Update.shape).length) {
        throw new BadRequest('Cannot use PATCH to update entire registry, use PUT instead.');
      }
      return row.assign(data).save();
    }

    @route.put('/:pk', { name: `${name}-update`, dependencies: [AdminAccess], response: Read, responses: { 404: notFound } })
    async update(@Param('pk', Pk) pk: number, @Body(Put) data: z.infer<typeof Put>) {
      return (await find(pk)).assign(data).save();
    }

    @route.delete('/:pk', { name: `${name}-delete`, status: 204, dependencies: [AdminAccess], responses: { 404: notFound } })
    async remove(@Param('pk', Pk) pk: number) {
      await (await find(pk)).delete();
    }
  }
  return AdminCrudController;
}

import { z } from 'zod';
import { Body, checkPatch, Controller, Param, PATCH_RESPONSES, Pk, Query, route, type ControllerClass } from '../../../core/http/index.js';
import { listQuery, type ListParams } from '../../../core/db/index.js';
import { AdminAccess } from '../../user/dependencies/index.js';
import type { Group, NamedForTable, Permission } from '../../user/models/index.js';



/** Options of `adminCrudController`. */
interface AdminCrudOptions {
  /** Route names are `<name>-list`, `<name>-create`, `<name>-patch`, `<name>-update`, `<name>-delete`. */
  name: 'permission' | 'group';
  /** How the list matches `?name=`: exactly (permissions) or as a prefix (groups), as the original. */
  nameMatch: 'exact' | 'prefix';
}

/**
 * The admin CRUD routes of permissions and groups, as the original's, which differ only in their model, names
 * and list filter: list, create (201), PATCH (400 when every field is sent), PUT (name and target_table required,
 * the rest applied when sent), DELETE (204); 404 "<Model> not found.".
 */
export function adminCrudController(model: typeof Permission | typeof Group, options: AdminCrudOptions): ControllerClass {
  type Entity = NamedForTable;
  const Model = model as unknown as typeof Permission;
  const Create = Model.createSchema();
  const Update = Model.updateSchema();
  // PUT: name and target_table required; the other fields are applied only when sent, as the original's.
  const Put = Update.required({ name: true, target_table: true });
  const Read = Model.readSchema();
  const notFound = `${model.name} not found.`;
  const find = (pk: number): Promise<Entity> => Model.getOr404({ id: pk }, notFound);
  const { name } = options;
  // `?name=` matches exactly (permissions) or as a prefix (groups), as the original; `?target_table=` exactly.
  const rows = listQuery(Model, {
    filters: { target_table: ['exact'], name: ['icontains'] },
    aliases: { name: options.nameMatch === 'exact' ? 'name' : 'name__startswith' },
    ordering: ['id', 'name', 'target_table'],
  });

  @Controller('/', { dependencies: [AdminAccess] })
  class AdminCrudController {
    @route.get('/', { name: `${name}-list`, response: z.array(Read) })
    list(@Query(rows.schema) q: ListParams) {
      return rows.run(q);
    }

    @route.post('/', { name: `${name}-create`, status: 201, response: Read, responses: { 409: 'Name already used' } })
    create(@Body(Create) data: z.infer<typeof Create>) {
      return Model.create(data).save();
    }

    @route.patch('/:pk', { name: `${name}-patch`, response: Read, responses: { ...PATCH_RESPONSES, 404: notFound } })
    async patch(@Param('pk', Pk) pk: number, @Body(Update) data: z.infer<typeof Update>) {
      const row = await find(pk);
      checkPatch(data, Update, { everyField: 'Cannot use PATCH to update entire registry, use PUT instead.' });
      return row.assign(data).save();
    }

    @route.put('/:pk', { name: `${name}-update`, response: Read, responses: { 404: notFound } })
    async update(@Param('pk', Pk) pk: number, @Body(Put) data: z.infer<typeof Put>) {
      return (await find(pk)).assign(data).save();
    }

    @route.delete('/:pk', { name: `${name}-delete`, status: 204, responses: { 404: notFound } })
    async remove(@Param('pk', Pk) pk: number) {
      await (await find(pk)).delete();
    }
  }
  return AdminCrudController;
}

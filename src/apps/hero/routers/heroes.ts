import { z } from 'zod';
import { Body, checkPatch, Controller, Param, PATCH_RESPONSES, Pk, Query, route } from '../../../core/http/index.js';
import { listQuery, type ListParams } from '../../../core/db/index.js';
import { Hero, HeroCreate, HeroPatch, HeroPut, HeroRead } from '../models/index.js';
import { permissionRequired } from '../../user/dependencies/index.js';

/** `create:hero` etc.: held directly, or through the same-named group. */
const may = (method: 'create' | 'update' | 'delete') => permissionRequired({ permissions: [`${method}:hero`], groups: [`${method}:hero`] });

/** `?name__icontains=man&age__gte=50&order_by=-age,name&offset=0&limit=100`: a bare array, 100 rows by default. */
export const heroList = listQuery(Hero, {
  filters: { name: ['exact', 'icontains', 'istartswith'], secret_name: ['exact', 'icontains'], age: ['exact', 'gt', 'gte', 'lt', 'lte', 'isnull'], user_id: ['exact', 'isnull'] },
  ordering: ['id', 'name', 'age', 'created_at'],
});
const NOT_FOUND = 'Hero not found.';

/** CRUD of heroes, as the original's `apps/hero/routers.py`: reading is public, writing needs a permission. */
@Controller('/heroes')
export class HeroesController {
  @route.get('/', { name: 'hero-list', response: z.array(HeroRead), summary: 'List heroes' })
  list(@Query(heroList.schema) query: ListParams) {
    return heroList.run(query);
  }

  @route.get('/:pk', { name: 'hero-get', response: HeroRead, responses: { 404: NOT_FOUND }, summary: 'Get a hero' })
  get(@Param('pk', Pk) pk: number) {
    return Hero.getOr404({ id: pk }, { message: NOT_FOUND, readonly: true });
  }

  @route.post('/', { name: 'hero-create', status: 201, dependencies: [may('create')], response: HeroRead, responses: { 409: 'Conflict' }, summary: 'Create a hero' })
  create(@Body(HeroCreate) data: HeroCreate) {
    return Hero.create(data).save();
  }

  @route.put('/:pk', { name: 'hero-update', dependencies: [may('update')], response: HeroRead, responses: { 404: NOT_FOUND }, summary: 'Update a hero (name and secret_name required; other fields applied when sent)' })
  update(@Param('pk', Pk) pk: number, @Body(HeroPut) data: HeroPut) {
    return Hero.updateOr404({ id: pk }, data, NOT_FOUND);
  }

  @route.patch('/:pk', { name: 'hero-patch', dependencies: [may('update')], response: HeroRead, responses: { ...PATCH_RESPONSES, 404: NOT_FOUND }, summary: 'Update some fields of a hero' })
  patch(@Param('pk', Pk) pk: number, @Body(HeroPatch) data: HeroPatch) {
    checkPatch(data, HeroPatch, { everyField: 'Cannot use PATCH to update entire registry, use PUT instead.' });
    return Hero.updateOr404({ id: pk }, data, NOT_FOUND);
  }

  @route.delete('/:pk', { name: 'hero-delete', dependencies: [may('delete')], status: 204, responses: { 404: NOT_FOUND }, summary: 'Delete a hero' })
  async remove(@Param('pk', Pk) pk: number) {
    const hero = await Hero.getOr404({ id: pk }, NOT_FOUND);
    await hero.delete();
  }
}

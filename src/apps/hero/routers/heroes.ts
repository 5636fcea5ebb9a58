import { z } from 'zod';
import { Body, Controller, Param, Pk, Query, route } from '../../../core/http/index.js';
import { BadRequest } from '../../../core/errors/index.js';
import { Hero, HeroCreate, HeroPatch, HeroPut, HeroRead } from '../models/index.js';
import { permissionRequired } from '../../authorization/dependencies/index.js';

/** `create:hero` etc.: held directly, or through the same-named group (behaviour.md §11.3). */
const may = (method: 'create' | 'update' | 'delete') => permissionRequired({ permissions: [`${method}:hero`], groups: [`${method}:hero`] });

const ListQuery = z.object({
  offset: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(0).max(100).default(100),
});
const NOT_FOUND = 'Hero not found.';

/** CRUD of heroes, as the original's `apps/hero/routers.py`: reading is public, writing needs a permission. */
@Controller('/heroes')
export class HeroesController {
  @route.get('/', { name: 'hero-list', response: z.array(HeroRead), summary: 'List heroes' })
  list(@Query(ListQuery) query: z.infer<typeof ListQuery>) {
    return Hero.all({ offset: query.offset, limit: query.limit });
  }

  @route.get('/:pk', { name: 'hero-get', response: HeroRead, responses: { 404: NOT_FOUND }, summary: 'Get a hero' })
  get(@Param('pk', Pk) pk: number) {
    return Hero.getOr404({ id: pk }, NOT_FOUND);
  }

  @route.post('/', { name: 'hero-create', status: 201, dependencies: [may('create')], response: HeroRead, responses: { 409: 'Conflict' }, summary: 'Create a hero' })
  create(@Body(HeroCreate) data: HeroCreate) {
    return Hero.create(data).save();
  }

  @route.put('/:pk', { name: 'hero-update', dependencies: [may('update')], response: HeroRead, responses: { 404: NOT_FOUND }, summary: 'Update a hero (name and secret_name required; other fields applied when sent)' })
  async update(@Param('pk', Pk) pk: number, @Body(HeroPut) data: HeroPut) {
    const hero = await Hero.getOr404({ id: pk }, NOT_FOUND);
    return hero.assign(data).save();
  }

  @route.patch('/:pk', { name: 'hero-patch', dependencies: [may('update')], response: HeroRead, responses: { 400: 'Every field sent: use PUT', 404: NOT_FOUND }, summary: 'Update some fields of a hero' })
  async patch(@Param('pk', Pk) pk: number, @Body(HeroPatch) data: HeroPatch) {
    const hero = await Hero.getOr404({ id: pk }, NOT_FOUND);
    if (Object.keys(data).length === Object.keys(HeroPatch.shape).length) {
      throw new BadRequest('Cannot use PATCH to update entire registry, use PUT instead.');
    }
    return hero.assign(data).save();
  }

  @route.delete('/:pk', { name: 'hero-delete', dependencies: [may('delete')], status: 204, responses: { 404: NOT_FOUND }, summary: 'Delete a hero' })
  async remove(@Param('pk', Pk) pk: number) {
    const hero = await Hero.getOr404({ id: pk }, NOT_FOUND);
    await hero.delete();
  }
}

import { signals } from '../../../core/db/index.js';
import { generateCrudPermissions } from '../models/index.js';

// Every table a migration creates gets its CRUD permissions and groups (as the original's migration hook).
signals.tableCreated(async (table) => {
  if (table === 'mikro_orm_migrations') return;
  await generateCrudPermissions(table);
});

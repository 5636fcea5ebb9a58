import { signals } from '../../../core/db/index.js';
import { generateCrudPermissions, Group, Permission, removeCrudPermissions } from '../models/index.js';

// Every table a migration creates gets its CRUD permissions and groups (as the original's migration hook).
signals.tableCreated(async (table) => {
  if (table === 'mikro_orm_migrations') return;
  await generateCrudPermissions(table);
});

// A dropped table takes its generated permissions and groups (and their links) with it; hand-made ones stay.
// (Not when the permission tables went too: `migrate down --to 0`.)
signals.tableDropped(async (table, { em, tables }) => {
  const own = [Permission, Group].map((model) => em.getMetadata().find(model.name)?.tableName);
  if (own.every((name) => name !== undefined && tables.has(name))) await removeCrudPermissions(table);
});

/**
 * Reminders (催办) and escalations (升级督办) of overdue tasks, as each user sees them: those sent to
 * their role inside their scope, with their own read/unread state.
 */
import { Router } from 'express';
import { z } from 'zod';
import type { Prisma } from '../../lib/db.ts';
import { setAudit } from '../audit.ts';
import { authorize, type AppDeps, type SessionUser } from '../context.ts';
import { idWhere, MAX_IDS, notFound, parseListQuery, sendList } from '../http.ts';
import { documentRoute } from '../openapi.ts';
import { codeScope, type ListWhere } from '../scope.ts';

export const Filter = z
  .object({
    read: z.boolean().optional(),
    kind: z.enum(['REMINDER', 'ESCALATION']).optional(),
    taskId: z.string().max(40).optional(),
    id: z.union([z.string().max(40), z.array(z.string().max(40)).max(MAX_IDS)]).optional(),
  })
  .strict();

const SORTABLE = ['id', 'createdAt', 'kind'] as const;

const NotificationView = z.object({
  id: z.string(),
  kind: z.string(),
  taskId: z.string(),
  taskTitle: z.string().nullable(),
  message: z.string(),
  role: z.string(),
  regionId: z.string(),
  regionName: z.string().nullable(),
  createdAt: z.string(),
  read: z.boolean(),
});

documentRoute({ method: 'get', path: '/api/notifications', summary: "The caller's reminders and escalations (filter read, kind)", tag: 'notifications', list: { filter: Filter, sortable: SORTABLE, resource: 'notifications' }, response: z.array(NotificationView) });
documentRoute({ method: 'get', path: '/api/notifications/unread-count', summary: 'How many of them are unread', tag: 'notifications', response: z.object({ count: z.number() }) });
documentRoute({ method: 'get', path: '/api/notifications/:id', summary: 'One notification', tag: 'notifications', response: NotificationView, errors: [404] });
documentRoute({ method: 'post', path: '/api/notifications/:id/read', summary: 'Mark one as read', tag: 'notifications', response: NotificationView, errors: [404] });
documentRoute({ method: 'post', path: '/api/notifications/read-all', summary: 'Mark all as read', tag: 'notifications', response: z.object({ updated: z.number() }) });

/** Sent to the user's role, inside the user's scope. */
function mine(user: SessionUser): Prisma.NotificationWhereInput {
  return { role: user.role, regionId: codeScope(user.regionId) };
}

const readBy = (user: SessionUser): Prisma.NotificationWhereInput => ({ reads: { some: { userId: user.id } } });

/** The notification list's where-condition (list and export): those sent to the caller's role inside its scope. */
export function notificationListWhere(user: SessionUser, filter: z.infer<typeof Filter>): ListWhere<Prisma.NotificationWhereInput> {
  const where: Prisma.NotificationWhereInput = {
    AND: [
      mine(user),
      filter.kind ? { kind: filter.kind } : {},
      filter.taskId ? { taskId: filter.taskId } : {},
      idWhere(filter.id),
      filter.read === true ? readBy(user) : filter.read === false ? { NOT: readBy(user) } : {},
    ],
  };
  return { where, region: null };
}

export function notificationsRouter({ db }: AppDeps): Router {
  const router = Router();

  async function views(user: SessionUser, rows: Awaited<ReturnType<typeof db.notification.findMany>>) {
    const ids = rows.map((r) => r.id);
    const [reads, tasks, regions] = await Promise.all([
      db.notificationRead.findMany({ where: { userId: user.id, notificationId: { in: ids } }, select: { notificationId: true } }),
      db.task.findMany({ where: { id: { in: [...new Set(rows.map((r) => r.taskId))] } }, select: { id: true, title: true } }),
      db.region.findMany({ where: { id: { in: [...new Set(rows.map((r) => r.regionId))] } }, select: { id: true, name: true } }),
    ]);
    const read = new Set(reads.map((r) => r.notificationId));
    const title = new Map(tasks.map((t) => [t.id, t.title]));
    const regionName = new Map(regions.map((r) => [r.id, r.name]));
    return rows.map((r) => ({ ...r, taskTitle: title.get(r.taskId) ?? null, regionName: regionName.get(r.regionId) ?? null, read: read.has(r.id) }));
  }


  router.get('/notifications', async (req, res) => {
    const user = authorize(res, 'notification.read');
    const { filter, sort, range } = parseListQuery(req, Filter, SORTABLE, ['createdAt', 'DESC']);
    const { where } = notificationListWhere(user, filter);
    const [rows, total] = await Promise.all([
      db.notification.findMany({ where, orderBy: [{ [sort.field]: sort.order }, { id: 'asc' }], skip: range.skip, take: range.take }),
      db.notification.count({ where }),
    ]);
    sendList(res, 'notifications', await views(user, rows), total, range.start);
  });

  router.get('/notifications/unread-count', async (_req, res) => {
    const user = authorize(res, 'notification.read');
    res.json({ count: await db.notification.count({ where: { AND: [mine(user), { NOT: readBy(user) }] } }) });
  });

  router.get('/notifications/:id', async (req, res) => {
    const user = authorize(res, 'notification.read');
    const row = await db.notification.findFirst({ where: { AND: [mine(user), { id: req.params.id }] } });
    if (!row) throw notFound(`notification ${req.params.id}`);
    res.json((await views(user, [row]))[0]);
  });

  router.post('/notifications/read-all', async (_req, res) => {
    const user = authorize(res, 'notification.read');
    setAudit(res, { action: 'NOTIFICATIONS_READ_ALL', targetType: 'NOTIFICATION' });
    const unread = await db.notification.findMany({ where: { AND: [mine(user), { NOT: readBy(user) }] }, select: { id: true } });
    // one row per (notification, user): a second click writes nothing new
    for (const n of unread) {
      await db.notificationRead.upsert({ where: { notificationId_userId: { notificationId: n.id, userId: user.id } }, create: { notificationId: n.id, userId: user.id }, update: {} });
    }
    setAudit(res, { action: 'NOTIFICATIONS_READ_ALL', targetType: 'NOTIFICATION', details: { updated: unread.length } });
    res.json({ updated: unread.length });
  });

  router.post('/notifications/:id/read', async (req, res) => {
    const user = authorize(res, 'notification.read');
    setAudit(res, { action: 'NOTIFICATION_READ', targetType: 'NOTIFICATION', targetId: req.params.id });
    const row = await db.notification.findFirst({ where: { AND: [mine(user), { id: req.params.id }] } });
    if (!row) throw notFound(`notification ${req.params.id}`);
    setAudit(res, { action: 'NOTIFICATION_READ', targetType: 'NOTIFICATION', targetId: row.id, regionId: row.regionId });
    await db.notificationRead.upsert({ where: { notificationId_userId: { notificationId: row.id, userId: user.id } }, create: { notificationId: row.id, userId: user.id }, update: {} });
    res.json((await views(user, [row]))[0]);
  });
  return router;
}

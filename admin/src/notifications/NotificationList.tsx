import { Button, Chip } from '@mui/material';
import DoneIcon from '@mui/icons-material/Done';
import DoneAllIcon from '@mui/icons-material/DoneAll';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  DataTable,
  List,
  NullableBooleanInput,
  SelectInput,
  TextField,
  useDataProvider,
  useNotify,
  useRecordContext,
  useRefresh,
  useTranslate,
  type Identifier,
} from 'react-admin';
import { EnumField, enumChoices } from '../common/enums.tsx';
import { LocalDateTimeField } from '../common/fields.tsx';
import { useNotifyError } from '../common/notify.ts';
import type { AppDataProvider } from '../providers/dataProvider.ts';
import { NOTIFICATION_KINDS, type AppNotification } from '../types.ts';
import { ListRefused, TruthfulPagination } from '../common/ListRefused.tsx';
import { ExportActions } from '../common/ExportButton.tsx';

/**
 * Reminders (催办) and escalations (升级督办) addressed to the user's role and scope:
 * `GET /api/notifications?filter={"read","kind"}`. A click opens the task (and marks it read);
 * one or all can be marked read (POST /notifications/:id/read, /notifications/read-all).
 */
const filters = [
  <NullableBooleanInput
    key="read"
    source="read"
    alwaysOn
    trueLabel="app.notifications.read"
    falseLabel="app.notifications.unread"
  />,
  <SelectInput key="kind" source="kind" alwaysOn choices={enumChoices('notificationKind', NOTIFICATION_KINDS)} />,
];

/** Marking read changes the list and the bell's count: refresh both. */
function useMarkRead() {
  const dataProvider = useDataProvider<AppDataProvider>();
  const queryClient = useQueryClient();
  const notifyError = useNotifyError();
  const refresh = useRefresh();
  return useMutation<AppNotification, Error, Identifier>({
    mutationFn: (id) => dataProvider.markNotificationRead(id),
    onSettled: () => {
      void queryClient.invalidateQueries({ queryKey: ['notifications'] });
      refresh();
    },
    onError: (error) => notifyError(error),
  });
}

const ReadField = (_props: { label?: string }) => {
  const record = useRecordContext<AppNotification>();
  const translate = useTranslate();
  if (!record) return null;
  return (
    <Chip
      size="small"
      variant={record.read ? 'outlined' : 'filled'}
      color={record.read ? 'default' : 'primary'}
      label={translate(record.read ? 'app.notifications.read' : 'app.notifications.unread')}
      data-testid="notification-read"
      data-read={record.read ? 'true' : 'false'}
    />
  );
};

const MarkReadButton = (_props: { label?: string }) => {
  const record = useRecordContext<AppNotification>();
  const translate = useTranslate();
  const { mutate, isPending } = useMarkRead();
  if (!record || record.read) return null;
  return (
    <Button
      size="small"
      startIcon={<DoneIcon />}
      disabled={isPending}
      onClick={(event) => {
        event.stopPropagation();
        mutate(record.id);
      }}
      data-testid="notification-mark-read"
    >
      {translate('app.notifications.markRead')}
    </Button>
  );
};

const MarkAllReadButton = () => {
  const dataProvider = useDataProvider<AppDataProvider>();
  const queryClient = useQueryClient();
  const translate = useTranslate();
  const notify = useNotify();
  const notifyError = useNotifyError();
  const refresh = useRefresh();
  const { mutate, isPending } = useMutation<{ updated: number }, Error>({
    mutationFn: () => dataProvider.markAllNotificationsRead(),
    onSuccess: ({ updated }) => notify('app.notifications.markedAllRead', { type: 'info', messageArgs: { smart_count: updated } }),
    onError: (error) => notifyError(error),
    onSettled: () => {
      void queryClient.invalidateQueries({ queryKey: ['notifications'] });
      refresh();
    },
  });
  return (
    <Button size="small" startIcon={<DoneAllIcon />} disabled={isPending} onClick={() => mutate()} data-testid="notification-mark-all-read">
      {translate('app.notifications.markAllRead')}
    </Button>
  );
};

const unreadRow = (record: AppNotification) => (record.read ? {} : { backgroundColor: 'rgba(25, 118, 210, 0.06)', '& td': { fontWeight: 600 } });

const NotificationTable = () => {
  const { mutate } = useMarkRead();
  return (
    <DataTable<AppNotification>
      bulkActionButtons={false}
      rowSx={unreadRow}
      rowClick={(id, _resource, record) => {
        if (!record.read) mutate(id);
        return `/tasks/${encodeURIComponent(record.taskId)}/show`;
      }}
    >
      <DataTable.Col source="read" disableSort>
        <ReadField />
      </DataTable.Col>
      <DataTable.Col source="kind" disableSort>
        <EnumField source="kind" group="notificationKind" chip />
      </DataTable.Col>
      <DataTable.Col source="message" disableSort />
      <DataTable.Col source="taskTitle" disableSort>
        <TextField source="taskTitle" emptyText="—" />
      </DataTable.Col>
      <DataTable.Col source="regionName" disableSort>
        <TextField source="regionName" emptyText="—" />
      </DataTable.Col>
      <DataTable.Col source="createdAt">
        <LocalDateTimeField source="createdAt" />
      </DataTable.Col>
      <DataTable.Col disableSort>
        <MarkReadButton />
      </DataTable.Col>
    </DataTable>
  );
};

export const NotificationList = () => (
  <List
    exporter={false} error={<ListRefused />} pagination={<TruthfulPagination />}
    filters={filters}
    sort={{ field: 'createdAt', order: 'DESC' }}
    perPage={25}
    actions={
      <ExportActions resource="notifications">
        <MarkAllReadButton />
      </ExportActions>
    }
  >
    <NotificationTable />
  </List>
);

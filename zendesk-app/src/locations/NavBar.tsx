import { useEffect, useState } from 'react';
import { Button } from '@zendeskgarden/react-buttons';
import { Dots } from '@zendeskgarden/react-loaders';
import { Alert } from '@zendeskgarden/react-notifications';
import { Table } from '@zendeskgarden/react-tables';
import { Tag } from '@zendeskgarden/react-tags';
import { XL, SM } from '@zendeskgarden/react-typography';
import type { AtRiskItem, CommitmentStatus } from '@triage-assistant/shared';
import { useServiceClient } from '../api/useServiceClient';
import { formatDateTime } from '../format/format';
import { useI18n } from '../i18n/I18nProvider';
import { useZafApp } from '../zaf/ZafClientProvider';

/** One row of the nav-bar table. */
export interface WorkRow {
  key: string;
  ticketId: number;
  source: 'commitment' | 'at_risk';
  kind: string;
  dueAt: string;
  text: string;
}

/** My commitments (still open) and my group's at-risk tickets, soonest first. */
export function workRows(commitments: CommitmentStatus[], atRisk: AtRiskItem[]): WorkRow[] {
  const open = commitments.filter((c) => c.state !== 'met' && c.state !== 'cancelled');
  // A ticket has one open commitment: the group list's due-soon/overdue commitment on a ticket where I hold the open
  // commitment is mine, already listed from my commitments.
  const mine = new Set(open.map((c) => c.commitment.ticketId));
  const rows: WorkRow[] = [
    ...open.map((c) => ({
      key: `c-${c.commitment.id}`,
      ticketId: c.commitment.ticketId,
      source: 'commitment' as const,
      kind: `commitment_${c.state}`,
      dueAt: c.commitment.dueAt,
      text: c.explanation,
    })),
    ...atRisk
      .filter((item) => !(item.kind.startsWith('commitment_') && mine.has(item.ticketId)))
      .map((item) => ({
        key: `r-${item.ticketId}-${item.kind}`,
        ticketId: item.ticketId,
        source: 'at_risk' as const,
        kind: item.kind,
        dueAt: item.dueAt,
        text: item.subject ? `${item.subject} — ${item.message}` : item.message,
      })),
  ];
  return rows.sort((a, b) => Date.parse(a.dueAt) - Date.parse(b.dueAt) || a.ticketId - b.ticketId);
}

/** ZAF event: the agent opened the nav-bar pane (again). */
export const PANE_ACTIVATED = 'pane.activated';

export default function NavBar() {
  const { client, currentUser } = useZafApp();
  const service = useServiceClient();
  const { t, locale, timeZone } = useI18n();
  const [rows, setRows] = useState<WorkRow[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const groupId = currentUser.groups[0]?.id ?? null;

  useEffect(() => {
    // Zendesk keeps the nav-bar app loaded after its first open and fires `pane.activated` on every later open: the
    // list is reloaded then, or it would show the commitments and at-risk tickets of the first open all day.
    let latest = 0;
    const load = () => {
      const mine = ++latest;
      Promise.all([service.myCommitments(), groupId === null ? Promise.resolve({ items: [] }) : service.atRisk(groupId)])
        .then(([commitments, risk]) => {
          if (mine !== latest) return;
          setRows(workRows(commitments.commitments, risk.items));
          setError(null);
        })
        .catch((e: Error) => mine === latest && setError(e.message));
    };
    load();
    client.on(PANE_ACTIVATED, load);
    return () => {
      latest++;
      client.off(PANE_ACTIVATED, load);
    };
  }, [client, service, groupId]);

  return (
    <main style={{ padding: 16 }}>
      <XL tag="h1">{t('nav.title')}</XL>
      {groupId === null && <SM>{t('nav.no_group')}</SM>}
      {error && <Alert type="error">{t('nav.load_failed', { reason: error })}</Alert>}
      {rows === null && !error && (
        <div role="status" aria-label={t('common.loading')}>
          <Dots size={32} />
        </div>
      )}
      {rows !== null && rows.length === 0 && <SM>{t('nav.empty')}</SM>}
      {rows !== null && rows.length > 0 && (
        <Table aria-label={t('nav.table_label')}>
          <Table.Head>
            <Table.HeaderRow>
              <Table.HeaderCell>{t('nav.col_ticket')}</Table.HeaderCell>
              <Table.HeaderCell>{t('nav.col_kind')}</Table.HeaderCell>
              <Table.HeaderCell>{t('nav.col_due')}</Table.HeaderCell>
              <Table.HeaderCell>{t('nav.col_details')}</Table.HeaderCell>
            </Table.HeaderRow>
          </Table.Head>
          <Table.Body>
            {rows.map((row) => (
              <Table.Row key={row.key}>
                <Table.Cell>
                  {/* ZAF invoke arguments are strings (ZENDESK.md §2.6). */}
                  <Button isLink onClick={() => void client.invoke('routeTo', 'ticket', String(row.ticketId))}>
                    {t('nav.ticket', { id: row.ticketId })}
                  </Button>
                </Table.Cell>
                <Table.Cell>
                  <Tag size="small">{t(`nav.kind.${row.kind}`)}</Tag>
                </Table.Cell>
                <Table.Cell>{formatDateTime(row.dueAt, locale, timeZone)}</Table.Cell>
                <Table.Cell>{row.text}</Table.Cell>
              </Table.Row>
            ))}
          </Table.Body>
        </Table>
      )}
    </main>
  );
}

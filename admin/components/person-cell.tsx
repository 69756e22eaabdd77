import React from 'react';
import { Box, Text } from '@adminjs/design-system';
import { useTranslation, type BasePropertyProps } from 'adminjs';
import { useLocation, useNavigate } from 'react-router-dom';
import { Badge } from './status-badge.js';
import { isNarrow, rootPath } from './look.js';

/** The one action a row most likely needs now: approve what waits, check in who is approved. */
const MAIN_ACTIONS: Array<{ name: string; when: (p: Record<string, unknown>) => boolean }> = [
  { name: 'approve', when: (p) => p.status === 'pending' },
  { name: 'checkIn', when: (p) => p.status === 'approved' && !p.checkedIn },
];

/**
 * The title column of a list — a person (registrations, users), a broadcast's text: the name, their contact underneath, and — on a phone, where AdminJS
 * hides every other column — the status as a coloured badge and the row's main action as a button. The
 * action opens its confirmation and comes back to this list, refreshed.
 */
const PersonCell = ({ property, record, resource, where }: BasePropertyProps) => {
  const navigate = useNavigate();
  const location = useLocation();
  const { translateLabel, translateAction } = useTranslation();
  const params = (record?.params ?? {}) as Record<string, unknown>;
  const name = String(params[property.path] ?? '');
  if (where !== 'list') return <Text>{name}</Text>;
  const narrow = isNarrow();
  const available = new Set((record?.recordActions ?? []).map((a) => a.name));
  const main = MAIN_ACTIONS.find((a) => available.has(a.name) && a.when(params));
  // Registrations and deliveries have a `status`, broadcasts a `state` (their `status` is the audience's).
  const statusKey = params.state !== undefined ? 'state' : params.status !== undefined ? 'status' : '';
  const status = statusKey ? String(params[statusKey] ?? '') : '';
  // Under the name: a person's phone; an audit entry's time (its own column is hidden on a phone).
  const contact = resource.id === 'AdminAudit' ? (narrow ? String(params.createdAt ?? '') : '') : String(params.phone ?? '');
  const open = (event: React.MouseEvent) => {
    event.stopPropagation();
    event.preventDefault();
    navigate(`${rootPath()}/resources/${resource.id}/records/${record?.id}/${main!.name}`, { state: { back: `${location.pathname}${location.search}` } });
  };
  return (
    <Box data-testid="person-cell" style={{ minWidth: 0 }}>
      <Text
        fontWeight={resource.id === 'AdminAudit' ? 'normal' : 'bold'}
        style={{ overflowWrap: 'anywhere', minWidth: narrow ? 0 : 200, display: '-webkit-box', WebkitLineClamp: 3, WebkitBoxOrient: 'vertical', overflow: 'hidden' }}
      >
        {params.queuePosition ? <span data-testid="queue-position">{String(params.queuePosition)}. </span> : null}
        {name}
      </Text>
      {contact && (
        <Text fontSize="sm" color="grey60" style={{ whiteSpace: 'nowrap' }}>
          {contact}
        </Text>
      )}
      {narrow && (
        <Box flex flexDirection="row" alignItems="center" flexWrap="wrap" mt="sm" style={{ gap: 8 }}>
          {status && <Badge value={status} text={translateLabel(`${statusKey}.${status}`, resource.id)} />}
          {params.checkedIn ? <Badge value="checkedIn" text={translateLabel('checkedIn.true', resource.id)} /> : null}
          {main && (
            <a
              href={`${rootPath()}/resources/${resource.id}/records/${record?.id}/${main.name}`}
              onClick={open}
              data-testid="main-action"
              style={{ padding: '6px 12px', borderRadius: 4, background: '#3040d6', color: '#fff', textDecoration: 'none', fontSize: 14, whiteSpace: 'nowrap' }}
            >
              {translateAction(main.name, resource.id)}
            </a>
          )}
        </Box>
      )}
    </Box>
  );
};

export default PersonCell;

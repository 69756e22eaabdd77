import React from 'react';
import { Box } from '@adminjs/design-system';
import { List, useTranslation, type ActionProps } from 'adminjs';
import { useLocation, useNavigate } from 'react-router-dom';
import { QuickView } from './quick-view.js';

/** Quick views over a list of messages: all, or only those that failed. */
const VIEWS: Array<{ key: string; status: string | null }> = [
  { key: 'all', status: null },
  { key: 'failed', status: 'failed' },
];

/**
 * Each row one line: numbers never break digit by digit, a long text or error ends in "…" (the whole of it is on
 * the record's page). AdminJS's table has no option for this.
 */
const ROW_CSS = `
[data-testid=delivery-list] td { white-space: nowrap; max-width: 300px; overflow: hidden; text-overflow: ellipsis; }
[data-testid=delivery-list] td > * { white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
`;

/**
 * The deliveries of broadcasts and the bot's notifications: one tap to see only the failures (the status filter,
 * in the URL as the filter drawer would set it), rows of one line. The list itself is AdminJS's.
 */
const DeliveryList = (props: ActionProps) => {
  const { resource } = props;
  const location = useLocation();
  const navigate = useNavigate();
  const { translateLabel } = useTranslation();
  const current = new URLSearchParams(location.search);
  const active = VIEWS.find((v) => v.status && current.get('filters.status') === v.status)?.key ?? 'all';
  const go = (status: string | null) => {
    const next = new URLSearchParams(location.search);
    next.delete('page');
    if (status) next.set('filters.status', status);
    else next.delete('filters.status');
    navigate(`${location.pathname}?${next.toString()}`);
  };
  return (
    <Box data-testid="delivery-list">
      <style>{ROW_CSS}</style>
      <Box px={['default', 'xl']} pt="lg" flex flexDirection="row" flexWrap="wrap" style={{ gap: 6 }} data-testid="quick-views">
        {VIEWS.map((view) => (
          <QuickView
            key={view.key}
            name={view.key}
            colour={view.status ?? 'all'}
            on={view.key === active}
            label={translateLabel(`view.${view.key}`, resource.id)}
            onClick={() => go(view.status)}
          />
        ))}
      </Box>
      <List {...props} />
    </Box>
  );
};

export default DeliveryList;

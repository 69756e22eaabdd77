import React, { useEffect, useRef, useState } from 'react';
import { Box, Input } from '@adminjs/design-system';
import { ApiClient, List, useFilterDrawer, useTranslation, type ActionProps } from 'adminjs';
import { useLocation, useNavigate } from 'react-router-dom';
import { noteRowActionFrom, ROW_ACTIONS_CSS } from './look.js';
import { QuickView } from './quick-view.js';

/** Quick views over a list of registrations: one tap each, the competition filter kept. */
const VIEWS: Array<{ key: string; params: Record<string, string> }> = [
  { key: 'all', params: {} },
  { key: 'pending', params: { 'filters.status': 'pending' } },
  { key: 'waitlisted', params: { 'filters.status': 'waitlisted', 'filters.role': 'participant', sortBy: 'createdAt', direction: 'asc' } },
  { key: 'approved', params: { 'filters.status': 'approved' } },
  { key: 'checkedIn', params: { 'filters.checkedIn': 'true' } },
];
const VIEW_KEYS = ['filters.status', 'filters.role', 'filters.checkedIn', 'sortBy', 'direction', 'page', 'refresh'];

/**
 * A list of people with a search box over it (name, @username, phone; as you type) and, for registrations,
 * quick views (pending, the waiting list in queue order …) — no filter drawer needed. The list itself is
 * AdminJS's, driven by the URL.
 */
const PeopleList = (props: ActionProps) => {
  const { resource } = props;
  const location = useLocation();
  const navigate = useNavigate();
  const { translateMessage, translateLabel, i18n } = useTranslation();
  const current = new URLSearchParams(location.search);
  const [text, setText] = useState(current.get('filters.search') ?? '');
  const timer = useRef<ReturnType<typeof setTimeout>>();
  const drawer = useFilterDrawer();
  const shownSearch = useRef(location.search);

  // The filter drawer's "Применить" changes the list's address: the drawer has done its job and closes.
  useEffect(() => {
    if (location.search === shownSearch.current) return;
    shownSearch.current = location.search;
    if (drawer.isVisible) drawer.close();
  }, [location.search]);

  useEffect(() => {
    const typed = text.trim();
    if ((current.get('filters.search') ?? '') === typed) return;
    clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      const next = new URLSearchParams(location.search);
      if (typed) next.set('filters.search', typed);
      else next.delete('filters.search');
      next.delete('page');
      navigate(`${location.pathname}?${next.toString()}`);
    }, 300);
    return () => clearTimeout(timer.current);
  }, [text]);

  // One competition's registrations: its questions marked "list column" become columns (their answers are in each
  // record's params as `answer_<question id>`, admin/resources/registration.ts), titled by the questions.
  const competitionId = resource.id === 'Registration' ? (current.get('filters.competitionId') ?? '') : '';
  const [columns, setColumns] = useState<Array<{ id: number; title: string }>>([]);
  useEffect(() => {
    if (!competitionId) return setColumns([]);
    void new ApiClient().resourceAction({ resourceId: resource.id, actionName: 'answerQuestions', params: { competitionId } }).then((response) => {
      const questions = ((response.data as unknown as { questions?: Array<{ id: number; title: string; listColumn: boolean }> }).questions ?? []).filter((q) => q.listColumn);
      const languages = new Set([i18n.language, i18n.resolvedLanguage, ...(i18n.languages ?? [])].filter((l): l is string => Boolean(l)));
      for (const q of questions) for (const l of languages) i18n.addResource(l, 'translation', `resources.${resource.id}.properties.answer_${q.id}`, q.title);
      setColumns(questions);
    });
  }, [competitionId]);
  const template = resource.listProperties.find((p) => p.propertyPath === 'competitionName') ?? resource.listProperties[resource.listProperties.length - 1];
  const shown = columns.length
    ? {
        ...resource,
        // One competition's list: its name in every row says nothing; the answers take its room.
        listProperties: [
          ...resource.listProperties.filter((p) => p.propertyPath !== 'competitionName'),
          ...columns.map((q) => ({
            ...template,
            name: `answer_${q.id}`,
            path: `answer_${q.id}`,
            propertyPath: `answer_${q.id}`,
            label: `answer_${q.id}`,
            isSortable: false,
            isTitle: false,
            components: {},
          })),
        ],
      }
    : resource;

  const views = resource.id === 'Registration' ? VIEWS : [];
  const active = views.find((v) => v.key !== 'all' && Object.entries(v.params).every(([k, val]) => current.get(k) === val))?.key ?? 'all';
  const go = (params: Record<string, string>) => {
    const next = new URLSearchParams(location.search);
    for (const key of VIEW_KEYS) next.delete(key);
    for (const [k, v] of Object.entries(params)) next.set(k, v);
    navigate(`${location.pathname}?${next.toString()}`);
  };

  // An action chosen in a row's "…" menu comes back to this list as it is now (see look.ts).
  const noteRowAction = (event: React.MouseEvent) => {
    if ((event.target as Element).closest?.('td.options')) noteRowActionFrom(resource.id, `${location.pathname}${location.search}`);
  };
  return (
    <Box onClickCapture={noteRowAction}>
      <style>{ROW_ACTIONS_CSS}</style>
      <Box px={['default', 'xl']} pt="lg" flex flexDirection="row" flexWrap="wrap" alignItems="center" style={{ gap: 8 }}>
        <Input
          type="search"
          value={text}
          placeholder={translateMessage('searchPeople', resource.id)}
          aria-label={translateMessage('searchPeople', resource.id)}
          onChange={(e: React.ChangeEvent<HTMLInputElement>) => setText(e.target.value)}
          data-testid="people-search"
          style={{ flex: '1 1 240px', minWidth: 0 }}
        />
        {views.length > 0 && (
          <Box flex flexDirection="row" flexWrap="wrap" style={{ gap: 6 }} data-testid="quick-views">
            {views.map((view) => (
              <QuickView
                key={view.key}
                name={view.key}
                colour={view.key}
                on={view.key === active}
                label={translateLabel(`view.${view.key}`, resource.id)}
                onClick={() => go(view.params)}
              />
            ))}
          </Box>
        )}
      </Box>
      <List {...props} resource={shown} />
    </Box>
  );
};

export default PeopleList;

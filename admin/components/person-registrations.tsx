import React from 'react';
import { Badge, Box, Label, Link, Table, TableBody, TableCell, TableHead, TableRow, Text } from '@adminjs/design-system';
import { useTranslation, type ShowPropertyProps } from 'adminjs';

interface Row {
  id: number;
  competitionId: number;
  competition: string;
  startsAt: string;
  role: string;
  status: string;
  checkedIn: boolean;
  createdAt: string;
  statusChangedAt: string;
  link: string;
  competitionLink: string;
}

function readRows(json: string): Row[] {
  try {
    return JSON.parse(json) as Row[];
  } catch {
    return [];
  }
}

/**
 * A person's registrations on their page (admin/resources/user.ts): competition (a link to the registration), role,
 * status, then the dates — on a phone the table scrolls sideways, what matters first.
 */
const PersonRegistrations = ({ property, record }: ShowPropertyProps) => {
  const { translateProperty, translateMessage, translateLabel } = useTranslation();
  const t = (key: string) => translateMessage(key, property.resourceId);
  const rows = readRows(String(record?.params?.[property.path] ?? '[]'));
  return (
    <Box mb="xl" data-testid="person-registrations">
      <Label>{translateProperty(property.label, property.resourceId)}</Label>
      {rows.length === 0 ? (
        <Text>{t('personRegistrations_none')}</Text>
      ) : (
        <Box style={{ overflowX: 'auto' }}>
          <Table>
            <TableHead>
              <TableRow>
                <TableCell>{t('personRegistrations_competition')}</TableCell>
                <TableCell>{translateProperty('role', property.resourceId)}</TableCell>
                <TableCell>{translateProperty('status', property.resourceId)}</TableCell>
                <TableCell>{t('personRegistrations_startsAt')}</TableCell>
                <TableCell>{t('personRegistrations_registeredAt')}</TableCell>
                <TableCell>{t('personRegistrations_changedAt')}</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {rows.map((r) => (
                <TableRow key={r.id} data-testid="person-registration">
                  <TableCell>
                    <Link href={r.link} data-testid="person-registration-link">
                      {r.competition}
                    </Link>
                  </TableCell>
                  <TableCell style={{ whiteSpace: 'nowrap' }}>{translateLabel(`role.${r.role}`, property.resourceId)}</TableCell>
                  <TableCell style={{ whiteSpace: 'nowrap' }}>
                    <Badge>{translateLabel(`status.${r.status}`, property.resourceId)}</Badge>
                    {r.checkedIn ? (
                      <Text as="span" ml="sm">
                        ✓ {t('personRegistrations_checkedIn')}
                      </Text>
                    ) : null}
                  </TableCell>
                  <TableCell style={{ whiteSpace: 'nowrap' }}>{r.startsAt}</TableCell>
                  <TableCell style={{ whiteSpace: 'nowrap' }}>{r.createdAt}</TableCell>
                  <TableCell style={{ whiteSpace: 'nowrap' }}>{r.statusChangedAt}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </Box>
      )}
    </Box>
  );
};

export default PersonRegistrations;

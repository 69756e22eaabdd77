import React from 'react';
import { Box, Button, Text } from '@adminjs/design-system';
import type { ActionProps } from 'adminjs';

/** Download links for the competition's registrations as CSV and as Excel (both streamed by the server). */
const ExportCsv = ({ record }: ActionProps) => {
  const id = record?.params?.id;
  const base = `${(window as Window & { REDUX_STATE?: { paths?: { rootPath?: string } } }).REDUX_STATE?.paths?.rootPath ?? '/admin'}/export/competitions/${id}/registrations`;
  return (
    <Box variant="white" p="xl">
      <Text mb="lg">{String(record?.params?.title ?? '')}</Text>
      <Button as="a" href={`${base}.csv`} download variant="contained" data-testid="csv-download" mr="default">
        CSV
      </Button>
      <Button as="a" href={`${base}.xlsx`} download variant="contained" data-testid="xlsx-download">
        Excel
      </Button>
    </Box>
  );
};

export default ExportCsv;

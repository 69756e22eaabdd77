import React from 'react';
import { Box, Button, Text } from '@adminjs/design-system';
import type { ActionProps } from 'adminjs';

/** A download link for the competition's registrations as CSV (streamed by the server). */
const ExportCsv = ({ record }: ActionProps) => {
  const id = record?.params?.id;
  const href = `${(window as Window & { REDUX_STATE?: { paths?: { rootPath?: string } } }).REDUX_STATE?.paths?.rootPath ?? '/admin'}/export/competitions/${id}/registrations.csv`;
  return (
    <Box variant="white" p="xl">
      <Text mb="lg">{String(record?.params?.title ?? '')}</Text>
      <Button as="a" href={href} download variant="contained" data-testid="csv-download">
        CSV
      </Button>
    </Box>
  );
};

export default ExportCsv;

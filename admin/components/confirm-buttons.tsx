import React from 'react';
import { Box, Button } from '@adminjs/design-system';
import { useTranslation } from 'adminjs';
import { useNavigate } from 'react-router-dom';

/** A confirmation's two buttons: do it (the POST, its label the action's own words) or go back without doing it. */
export const ConfirmButtons = ({ label, danger = false, disabled, onConfirm }: { label: string; danger?: boolean; disabled: boolean; onConfirm: () => Promise<void> }) => {
  const navigate = useNavigate();
  const { translateButton } = useTranslation();
  return (
    <Box flex flexDirection="row" flexWrap="wrap" style={{ gap: 12 }}>
      <Button variant="contained" color={danger ? 'danger' : 'primary'} disabled={disabled} onClick={() => void onConfirm()} data-testid="confirm-action-submit">
        {label}
      </Button>
      <Button variant="outlined" type="button" onClick={() => navigate(-1)}>
        {translateButton('cancel')}
      </Button>
    </Box>
  );
};

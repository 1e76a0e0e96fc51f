import { addMessages } from '../shared/i18n';

/** Strings of the Weiterbildung report (/reports/angebote) and its CSV. */
addMessages({
  de: {
    'reports.offerings.link': 'Weiterbildung',
    'reports.offerings.title': 'Weiterbildung: Teilnehmende und Fortschritt',
    'reports.offerings.intro':
      'Wer in welchem Angebot angemeldet oder eingeladen ist, mit Stand und Fortschritt — für Ihre Region.',
    'reports.offerings.intro_admin':
      'Wer in welchem Angebot angemeldet oder eingeladen ist, mit Stand und Fortschritt — alle Regionen.',
    'reports.offerings.back': 'Lernstand der Lotsen',
    'reports.offerings.filter.offering': 'Angebot',
    'reports.offerings.filter.state': 'Stand',
    'reports.offerings.state.enrolled': 'angemeldet, noch nicht abgeschlossen',
    'reports.offerings.state.done': 'abgeschlossen',
    'reports.offerings.state.invited': 'eingeladen, nicht angemeldet',
    'reports.offerings.export': 'Tabelle als CSV',
    'reports.offerings.none': 'Keine Teilnehmenden für diese Auswahl.',
    'reports.offerings.col_offering': 'Angebot',
    'reports.offerings.col_name': 'Name',
    'reports.offerings.col_role': 'Rolle',
    'reports.offerings.col_state': 'Stand',
    'reports.offerings.col_progress': 'Fortschritt (%)',
    'reports.offerings.col_completed': 'Abgeschlossen am',
  },
  en: {
    'reports.offerings.link': 'Further training',
    'reports.offerings.title': 'Further training: participants and progress',
    'reports.offerings.intro':
      'Who is enrolled in or invited to which offering, with state and progress — for your region.',
    'reports.offerings.intro_admin':
      'Who is enrolled in or invited to which offering, with state and progress — all regions.',
    'reports.offerings.back': 'Pilots progress',
    'reports.offerings.filter.offering': 'Offering',
    'reports.offerings.filter.state': 'State',
    'reports.offerings.state.enrolled': 'enrolled, not completed yet',
    'reports.offerings.state.done': 'completed',
    'reports.offerings.state.invited': 'invited, not enrolled',
    'reports.offerings.export': 'Table as CSV',
    'reports.offerings.none': 'No participants for this selection.',
    'reports.offerings.col_offering': 'Offering',
    'reports.offerings.col_name': 'Name',
    'reports.offerings.col_role': 'Role',
    'reports.offerings.col_state': 'State',
    'reports.offerings.col_progress': 'Progress (%)',
    'reports.offerings.col_completed': 'Completed on',
  },
});

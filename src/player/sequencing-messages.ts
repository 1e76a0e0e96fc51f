/** Strings of the sequenced player (SCORM 2004 packages with imsss:sequencing). */
import { addMessages } from '../shared/i18n';

addMessages({
  de: {
    'player.seq.suspend': 'Unterbrechen',
    'player.seq.exit_all': 'Modul abschließen',
    'player.seq.not_allowed': 'Dieser Schritt ist in diesem Modul gerade nicht möglich.',
    'player.seq.locked': 'noch gesperrt',
    'player.seq.ended': 'Das Modul ist beendet.',
    'player.seq.suspended': 'Unterbrochen. Beim nächsten Öffnen geht es an dieser Stelle weiter.',
    'player.seq.choose': 'Wählen Sie den nächsten Schritt über „Weiter“ oder das Inhaltsverzeichnis.',
    'player.seq.back': 'Zur Übersicht',
  },
  en: {
    'player.seq.suspend': 'Suspend',
    'player.seq.exit_all': 'Finish module',
    'player.seq.not_allowed': 'This step is not possible in this module right now.',
    'player.seq.locked': 'locked',
    'player.seq.ended': 'The module has ended.',
    'player.seq.suspended': 'Suspended. Next time you open it, you continue here.',
    'player.seq.choose': 'Choose the next step with “Next” or the table of contents.',
    'player.seq.back': 'Back to overview',
  },
});

/** Handed to the page's script (the player page passes its client strings as data). */
export const SEQUENCING_CLIENT_MESSAGES = [
  'player.seq.not_allowed',
  'player.seq.locked',
  'player.seq.ended',
  'player.seq.suspended',
  'player.seq.choose',
  'player.seq.back',
];

import { addMessages } from '../shared/i18n';

/** Strings of attachments, the digest and the moderators' page of the exchange. */
addMessages({
  de: {
    'exchange.attachment.label': 'Anhänge (optional)',
    'exchange.attachment.hint': 'Bis zu {count} Dateien: PDF, PNG oder JPEG, je höchstens {mb} MB.',
    'exchange.attachment.list': 'Anhänge',
    'exchange.attachment.download': '{name} herunterladen ({size})',
    'exchange.error.attachment_type':
      'Diese Datei können wir nicht annehmen. Bitte hängen Sie eine PDF-, PNG- oder JPEG-Datei an.',
    'exchange.error.attachment_too_large': 'Eine Datei ist zu groß. Bitte beachten Sie die Höchstgröße.',
    'exchange.error.attachment_too_many': 'Zu viele Dateien: höchstens drei Anhänge je Beitrag.',
    'exchange.error.attachment_not_found': 'Diesen Anhang gibt es nicht (mehr).',
  },
  en: {
    'exchange.attachment.label': 'Attachments (optional)',
    'exchange.attachment.hint': 'Up to {count} files: PDF, PNG or JPEG, at most {mb} MB each.',
    'exchange.attachment.list': 'Attachments',
    'exchange.attachment.download': 'Download {name} ({size})',
    'exchange.error.attachment_type': 'We cannot accept this file. Please attach a PDF, PNG or JPEG file.',
    'exchange.error.attachment_too_large': 'A file is too large. Please mind the maximum size.',
    'exchange.error.attachment_too_many': 'Too many files: at most three attachments per post.',
    'exchange.error.attachment_not_found': 'This attachment does not exist (any more).',
  },
});

addMessages({
  de: {
    'exchange.digest.subject': 'Austausch: {count} Themen mit neuen Beiträgen',
    'exchange.digest.line': '• {space} – „{title}“ ({count} neu)\n  {link}',
    'exchange.digest.text':
      'Hallo {name},\n\nseit gestern gibt es in Ihren Austauschräumen neue Beiträge, die Sie noch nicht gelesen haben:\n\n{list}\n\nDiese tägliche Übersicht können Sie unter „Mein Konto“ abbestellen: {settings}\n\nIhr OM-GeZu-Team',
    'exchange.settings.title': 'Benachrichtigungen aus dem Austausch',
    'exchange.settings.intro':
      'Bei einer Erwähnung (@Name) und bei Antworten auf Ihre Themen schreiben wir Ihnen sofort. Zusätzlich können Sie einmal täglich eine Übersicht der neuen Beiträge in Ihren Räumen erhalten.',
    'exchange.settings.digest': 'Tägliche Übersicht per E-Mail',
    'exchange.settings.daily': 'täglich',
    'exchange.settings.off': 'aus',
    'exchange.settings.submit': 'Einstellung speichern',
    'exchange.settings.saved_daily': 'Sie erhalten die tägliche Übersicht aus dem Austausch.',
    'exchange.settings.saved_off': 'Die tägliche Übersicht aus dem Austausch ist abbestellt.',
  },
  en: {
    'exchange.digest.subject': 'Exchange: {count} threads with new posts',
    'exchange.digest.line': '• {space} – "{title}" ({count} new)\n  {link}',
    'exchange.digest.text':
      'Hello {name},\n\nsince yesterday there are new posts in your exchange spaces that you have not read yet:\n\n{list}\n\nYou can turn this daily summary off under "My account": {settings}\n\nYour OM-GeZu team',
    'exchange.settings.title': 'Notifications from the exchange',
    'exchange.settings.intro':
      'We write to you at once when someone mentions you (@Name) or replies to your threads. In addition you can get a daily summary of new posts in your spaces.',
    'exchange.settings.digest': 'Daily summary by e-mail',
    'exchange.settings.daily': 'daily',
    'exchange.settings.off': 'off',
    'exchange.settings.submit': 'Save setting',
    'exchange.settings.saved_daily': 'You will receive the daily summary from the exchange.',
    'exchange.settings.saved_off': 'The daily summary from the exchange is turned off.',
  },
});

addMessages({
  de: {
    'exchange.reports.title': 'Gemeldete Beiträge',
    'exchange.reports.lead':
      'Offene Meldungen aus den Räumen, die Sie moderieren – die älteste zuerst. Ausblenden oder Löschen erledigt die Meldung; „Erledigt“ schließt sie, ohne den Beitrag zu ändern.',
    'exchange.reports.none': 'Keine offenen Meldungen. Gemeldete Beiträge erscheinen hier.',
    'exchange.reports.link_open': 'Gemeldete Beiträge: {count} offen',
    'exchange.reports.link_none': 'Gemeldete Beiträge: keine offen',
    'exchange.reports.post_by': 'Beitrag von {name}',
    'exchange.reports.hidden': 'ausgeblendet',
    'exchange.reports.reason': 'Grund der Meldung:',
    'exchange.reports.reported_by': 'Gemeldet von {name} am {date}',
    'exchange.reports.resolve': 'Als erledigt markieren',
    'exchange.reports.resolved': 'Die Meldung ist erledigt.',
    'exchange.error.report_not_found': 'Diese Meldung gibt es nicht.',
  },
  en: {
    'exchange.reports.title': 'Reported posts',
    'exchange.reports.lead':
      'Open reports from the spaces you moderate, oldest first. Hiding or deleting settles the report; "Handled" closes it without changing the post.',
    'exchange.reports.none': 'No open reports. Reported posts appear here.',
    'exchange.reports.link_open': 'Reported posts: {count} open',
    'exchange.reports.link_none': 'Reported posts: none open',
    'exchange.reports.post_by': 'Post by {name}',
    'exchange.reports.hidden': 'hidden',
    'exchange.reports.reason': 'Reason given:',
    'exchange.reports.reported_by': 'Reported by {name} on {date}',
    'exchange.reports.resolve': 'Mark as handled',
    'exchange.reports.resolved': 'The report is handled.',
    'exchange.error.report_not_found': 'This report does not exist.',
  },
});

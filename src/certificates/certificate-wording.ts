import type { CertificateFacts } from './certificate-facts';

/**
 * The German wording of each certificate kind. Certificates are German documents whatever the
 * reader's UI language, so this text sits here rather than in the UI catalogue.
 */
export interface Wording {
  title: string;
  subtitle: string;
  statement: string;
  tableCaption: string;
  subject: string;
}

export function wordingFor(facts: CertificateFacts): Wording {
  switch (facts.kind) {
    case 'q1':
      return {
        title: 'Zertifikat',
        subtitle: 'Baustein 1 (Q1) der Qualifizierung OM-GeZu Lotse',
        statement:
          'hat den Baustein 1 (Q1) der Qualifizierung zum OM-GeZu Lotsen im Selbststudium mit allen drei Modulen erfolgreich abgeschlossen.',
        tableCaption: 'Abgeschlossene Module',
        subject: 'Zertifikat über den Abschluss von Baustein 1 (Q1)',
      };
    case 'lotse':
      return {
        title: 'Zertifikat',
        subtitle: 'Qualifizierung OM-GeZu Lotse',
        statement:
          'hat die Qualifizierung zum OM-GeZu Lotsen mit Baustein 1 (Selbststudium) und Baustein 2 (Praxisphase in Kohorten) erfolgreich abgeschlossen.',
        tableCaption: 'Abgeschlossene Bausteine und Module',
        subject: 'Zertifikat über die Qualifizierung zum OM-GeZu Lotsen',
      };
    case 'participation': {
      const title = facts.modules[0]?.title ?? '';
      return {
        title: 'Teilnahmebestätigung',
        subtitle: 'Qualifizierung OM-GeZu Lotse · Baustein 1 (Q1)',
        statement: `hat im Rahmen der Qualifizierung zum OM-GeZu Lotsen am Modul „${title}“ teilgenommen und es abgeschlossen.`,
        tableCaption: 'Abgeschlossenes Modul',
        subject: `Teilnahmebestätigung für das Modul „${title}“`,
      };
    }
    case 'offering': {
      const title = facts.modules[0]?.title ?? '';
      return {
        title: 'Teilnahmebestätigung',
        subtitle: 'Weiterbildung im Projekt GeZu 4.0',
        statement: `hat an der Weiterbildung „${title}“ teilgenommen und sie abgeschlossen.`,
        tableCaption: 'Abgeschlossene Weiterbildung',
        subject: `Teilnahmebestätigung für die Weiterbildung „${title}“`,
      };
    }
  }
}

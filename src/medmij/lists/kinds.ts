/**
 * The four MedMij system lists Brug fetches, as data: their fixed file names on the MedMij node, the
 * XSD each must validate against, and the reader that parses it (structural checks included).
 */
import { parseGegevensdienstnamenlijst, type Gegevensdienstnamenlijst } from './gnl.ts';
import { parseOAuthClientList, type OAuthClientList } from './ocl.ts';
import { parseWhitelist, type Whitelist } from './whitelist.ts';
import { parseZorgaanbiederslijst, type Zorgaanbiederslijst } from './zal.ts';

/** What each list parses to. */
export interface ListTypes {
  zal: Zorgaanbiederslijst;
  ocl: OAuthClientList;
  whitelist: Whitelist;
  gnl: Gegevensdienstnamenlijst;
}

/** The short names used in settings, logs, status and the CLI. */
export type ListName = keyof ListTypes;

/** Every list, in the order the CLI reports them. */
export const LIST_NAMES: readonly ListName[] = ['zal', 'ocl', 'whitelist', 'gnl'];

/** One kind of list. */
export interface ListKind<N extends ListName = ListName> {
  name: N;
  /** Its name in the MedMij agreements. */
  title: string;
  /** The fixed file name on the MedMij node (and of the last good copy under BRUG_HOME/lists). */
  file: string;
  /** The XSD file name in the BRUG_MEDMIJ_SCHEMAS folder. */
  xsd: string;
  /** Parses and checks the document's structure; throws ClientListError naming `source`. */
  parse(xml: string, source: string): ListTypes[N];
}

/** The four lists (release2 file names and schemas, medmij.md section 2). */
export const LIST_KINDS: { readonly [N in ListName]: ListKind<N> } = {
  zal: {
    name: 'zal',
    title: 'Zorgaanbiederslijst',
    file: 'MedMij_Zorgaanbiederslijst.xml',
    xsd: 'MedMij_Zorgaanbiederslijst.xsd',
    parse: parseZorgaanbiederslijst,
  },
  ocl: {
    name: 'ocl',
    title: 'OAuth Client List',
    file: 'MedMij_OAuthclientlist.xml',
    xsd: 'MedMij_OAuthclientlist.xsd',
    parse: parseOAuthClientList,
  },
  whitelist: {
    name: 'whitelist',
    title: 'Whitelist',
    file: 'MedMij_Whitelist.xml',
    xsd: 'MedMij_Whitelist.xsd',
    parse: parseWhitelist,
  },
  gnl: {
    name: 'gnl',
    title: 'Gegevensdienstnamenlijst',
    file: 'MedMij_Gegevensdienstnamenlijst.xml',
    xsd: 'MedMij_Gegevensdienstnamenlijst.xsd',
    parse: parseGegevensdienstnamenlijst,
  },
};

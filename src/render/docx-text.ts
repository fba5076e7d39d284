/**
 * The Word side of text: layout styles → named paragraph styles, layout inlines → runs
 * (line breaks, tabs, PAGE/NUMPAGES fields). Used for the body, the header and footer
 * (./docx.ts) and table cells (./docx-table.ts).
 *
 * Paragraph properties (alignment, spacing, line height) live in the named styles, with
 * direct formatting only where a paragraph departs from its style; people editing in
 * Word can change a style and see every paragraph of it follow. Runs state their fonts,
 * size and weight themselves as well: East Asian font selection is where readers go
 * wrong most, and it must not hang on style inheritance. (Each direct property costs
 * docx noticeable time and memory on a 10,000-row table, hence no more than that.)
 */
import {
  AlignmentType,
  LineRuleType,
  PageNumber,
  Paragraph,
  Tab,
  TextRun,
  type IParagraphStyleOptions,
  type ParagraphChild,
} from 'docx';
import type { Align, FontFamily, Inline, Paragraph as LayoutParagraph, RenderWarning, Style } from '../layout/types.js';

export const TWIPS_PER_PT = 20;

const ALIGN = {
  left: AlignmentType.LEFT,
  center: AlignmentType.CENTER,
  right: AlignmentType.RIGHT,
  justify: AlignmentType.BOTH,
} as const satisfies Record<Align, string>;

type RunFont = { ascii: string; hAnsi: string; eastAsia: string; cs: string; hint: 'eastAsia' };

/** What a paragraph needs to know of its named style to tell where it departs from it. */
interface NamedStyle {
  id: string;
  align: Align;
  /** Whether the style has space before or after (which table cells must not have). */
  spaced: boolean;
}

interface RunProps {
  font?: RunFont;
  /** Half-points. */
  size: number;
  bold?: true;
}

export class WordText {
  readonly warnings: RenderWarning[] = [];
  private readonly warned = new Set<string>();
  /** Paragraph styles by their defining properties, in order of first use. */
  private readonly styles = new Map<string, { named: NamedStyle; definition: IParagraphStyleOptions }>();
  private readonly ids = new Set<string>();

  constructor(private readonly fonts: Record<string, FontFamily>) {}

  /** A paragraph of the page flow (body, header, footer): the style's spacing applies. */
  paragraph(p: LayoutParagraph, pageBreakBefore = false): Paragraph {
    const named = this.named(p.style);
    return new Paragraph({
      style: named.id,
      alignment: p.style.align === named.align ? undefined : ALIGN[p.style.align],
      pageBreakBefore: pageBreakBefore || undefined,
      children: this.runs(p.runs, p.style),
    });
  }

  /** The paragraph of a table cell: cells ignore paragraph spacing. */
  cellParagraph(runs: Inline[], style: Style): Paragraph {
    const named = this.named(style);
    return new Paragraph({
      style: named.id,
      alignment: style.align === named.align ? undefined : ALIGN[style.align],
      spacing: named.spaced ? { before: 0, after: 0 } : undefined,
      children: this.runs(runs, style),
    });
  }

  /** The named styles used so far; call after building all content. */
  styleDefinitions(): IParagraphStyleOptions[] {
    return [...this.styles.values()].map((s) => s.definition);
  }

  warn(warning: RenderWarning, key = `${warning.code}\0${warning.message}\0${warning.ref ?? ''}`): void {
    if (this.warned.has(key)) return;
    this.warned.add(key);
    this.warnings.push(warning);
  }

  /**
   * Consecutive breaks are folded into the next run (`<w:br/>`s before its text). A text's
   * own newlines are line breaks and its tabs real tabs, as in the other renderers; Word
   * would show both as spaces.
   */
  private runs(inlines: Inline[], style: Style): ParagraphChild[] {
    const props = this.runProps(style);
    const runs: ParagraphChild[] = [];
    let breaks = 0;
    const push = (children: (string | Tab | (typeof PageNumber)[keyof typeof PageNumber])[]) => {
      runs.push(new TextRun({ ...props, break: breaks || undefined, children }));
      breaks = 0;
    };
    for (const inline of inlines) {
      if (inline.kind === 'break') breaks++;
      else if (inline.kind === 'field') push([inline.field === 'page' ? PageNumber.CURRENT : PageNumber.TOTAL_PAGES]);
      else {
        inline.text.split(/\r\n|\r|\n/).forEach((line, i) => {
          if (i > 0) breaks++;
          if (line !== '') push(line.split('\t').flatMap((part, j) => (j === 0 ? [part] : [new Tab(), part])).filter((c) => c !== ''));
        });
      }
    }
    if (breaks > 0) push([]);
    return runs;
  }

  private runProps(style: Style): RunProps {
    const font = this.runFont(style.font);
    return { ...(font && { font }), size: halfPoints(style.size), ...(style.bold && { bold: true as const }) };
  }

  /**
   * `hint: eastAsia` makes the characters CJK and Latin text share (curly quotes, dashes,
   * ellipsis) take the East Asian font, as Word does for text typed in Chinese.
   */
  private runFont(key: string): RunFont | undefined {
    const family = this.fonts[key];
    if (!family) {
      this.warn({ code: 'FONT_UNKNOWN', message: `样式引用了未定义的字体“${key}”，改用默认字体` });
      return undefined;
    }
    const { ascii, eastAsia } = family.office;
    return { ascii, hAnsi: ascii, eastAsia, cs: ascii, hint: 'eastAsia' };
  }

  /**
   * One Word style per layout style name, defined by its first use. Should the same name
   * come with other font, size or spacing (only alignment may vary per paragraph: it is
   * then set directly), that variant gets a style of its own.
   * Names are prefixed: layout names such as `title` would otherwise merge with Word's
   * built-in styles of that name.
   */
  private named(style: Style): NamedStyle {
    const key = [style.name, style.font, style.size, style.bold, style.lineHeight, style.spaceBefore, style.spaceAfter].join('\0');
    let entry = this.styles.get(key);
    if (!entry) {
      const base = `pt${style.name.replace(/[^A-Za-z0-9]/g, '')}`;
      let id = base;
      for (let n = 2; this.ids.has(id); n++) id = `${base}${n}`;
      this.ids.add(id);
      const variant = id === base ? '' : ` (${id})`;
      entry = {
        named: { id, align: style.align, spaced: style.spaceBefore !== 0 || style.spaceAfter !== 0 },
        definition: {
          id,
          name: `pubtable ${style.name}${variant}`,
          basedOn: 'Normal',
          quickFormat: true,
          run: { ...this.runProps(style), bold: style.bold },
          paragraph: { alignment: ALIGN[style.align], spacing: spacing(style) },
        },
      };
      this.styles.set(key, entry);
    }
    return entry.named;
  }
}

/**
 * A near-invisible paragraph (1 pt): Word needs a paragraph between two tables (or it
 * joins them), after a final table (or it adds one in its default size, which can spill
 * onto a blank page), and to break the page before a table.
 */
export function spacer(pageBreakBefore: boolean): Paragraph {
  return new Paragraph({
    pageBreakBefore: pageBreakBefore || undefined,
    spacing: { before: 0, after: 0, line: TWIPS_PER_PT, lineRule: LineRuleType.EXACT },
    run: { size: 2 },
  });
}

/** Word sizes text in whole half-points. */
function halfPoints(pt: number): number {
  return Math.max(1, Math.round(pt * 2));
}

/**
 * Exact line spacing: the layout's line height is a multiple of the font size, which is
 * what "exactly" means in Word (固定值, the usual setting in Chinese official documents);
 * "multiple" lines would follow the font's own line gap, which differs between 宋体 and
 * its substitutes.
 */
function spacing(style: Style) {
  return {
    before: Math.round(style.spaceBefore * TWIPS_PER_PT),
    after: Math.round(style.spaceAfter * TWIPS_PER_PT),
    line: Math.max(1, Math.round(style.size * style.lineHeight * TWIPS_PER_PT)),
    lineRule: LineRuleType.EXACT,
  };
}

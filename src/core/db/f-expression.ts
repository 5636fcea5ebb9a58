import { InvalidLookup } from '../errors/index.js';
import { mikroOrm } from './mikro-orm.js';

const { raw } = mikroOrm;

type Operand = FExpression | number;
type Node = { field: string } | { op: '+' | '-' | '*' | '/'; left: Node; right: Node | number };

/**
 * An expression over a row's own columns, computed by the database in the UPDATE itself, so concurrent
 * updates cannot lose each other's changes (no read, add, write).
 * @example await PostStatistic.update({ post: id }, { views: F('views').plus(1) });
 */
export class FExpression {
  /** @internal */
  constructor(readonly node: Node) {}

  /** This plus a number or another expression. */
  plus(operand: Operand): FExpression {
    return this.combine('+', operand);
  }

  /** This minus a number or another expression. */
  minus(operand: Operand): FExpression {
    return this.combine('-', operand);
  }

  /** This times a number or another expression. */
  times(operand: Operand): FExpression {
    return this.combine('*', operand);
  }

  /** This divided by a number or another expression (integer division on integer columns, as in SQL). */
  dividedBy(operand: Operand): FExpression {
    return this.combine('/', operand);
  }

  private combine(op: '+' | '-' | '*' | '/', operand: Operand): FExpression {
    if (typeof operand === 'number' && !Number.isFinite(operand)) throw new InvalidLookup(`F(): ${op} expects a finite number, got ${operand}.`);
    if (typeof operand !== 'number' && !(operand instanceof FExpression)) throw new InvalidLookup(`F(): ${op} expects a number or an F() expression.`);
    return new FExpression({ op, left: this.node, right: typeof operand === 'number' ? operand : operand.node });
  }

  /**
   * The SQL of the expression as a MikroORM raw fragment; `column` turns a field name into a quoted column
   * (and throws for an unknown one). Numbers are bound as parameters, never spliced into the text.
   */
  toRaw(column: (field: string) => string): unknown {
    const params: unknown[] = [];
    const render = (node: Node | number): string => {
      if (typeof node === 'number') {
        params.push(node);
        return '?';
      }
      if ('field' in node) return column(node.field);
      return `(${render(node.left)} ${node.op} ${render(node.right)})`;
    };
    const sql = render(this.node);
    return raw(sql, params);
  }
}

/**
 * A reference to a column of the row being updated (wire or property name), for `Model.update`.
 * @example F('views').plus(1)
 */
export function F(field: string): FExpression {
  if (typeof field !== 'string' || field === '') throw new InvalidLookup('F() expects a field name.');
  return new FExpression({ field });
}

package io.citussafe.rewriter;

import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.statement.select.AllTableColumns;
import net.sf.jsqlparser.statement.select.OrderByElement;
import net.sf.jsqlparser.util.TablesNamesFinder;

/** Whether an expression tree, subqueries included, references any column. */
final class ColumnFinder extends TablesNamesFinder<Void> {
  private boolean found;

  private ColumnFinder() {
    init(false);
  }

  static boolean inArguments(Function function) {
    ColumnFinder finder = new ColumnFinder();
    if (function.getParameters() != null) {
      function.getParameters().accept(finder, null);
    }
    visitOtherArguments(function, finder, null);
    return finder.found;
  }

  static boolean in(Expression expression) {
    if (expression == null) {
      return false;
    }
    ColumnFinder finder = new ColumnFinder();
    expression.accept(finder, null);
    return finder.found;
  }

  @Override
  public <S> Void visit(Column column, S context) {
    found |= isColumnReference(column);
    return null;
  }

  /** {@code f(t.*)} passes the whole row. */
  @Override
  public <S> Void visit(AllTableColumns columns, S context) {
    found = true;
    return null;
  }

  @Override
  public <S> Void visit(Function function, S context) {
    super.visit(function, context);
    visitOtherArguments(function, this, context);
    return null;
  }

  /**
   * {@link TablesNamesFinder} walks only the positional arguments; {@code substring(x FROM 1)}
   * keeps its arguments as named ones, and aggregates have an ORDER BY.
   */
  static <S> void visitOtherArguments(Function function, TablesNamesFinder<Void> visitor, S context) {
    if (function.getNamedParameters() != null) {
      for (Expression e : function.getNamedParameters()) {
        e.accept(visitor, context);
      }
    }
    if (function.getOrderByElements() != null) {
      for (OrderByElement o : function.getOrderByElements()) {
        o.getExpression().accept(visitor, context);
      }
    }
  }

  static boolean isColumnReference(Column column) {
    if (column.getTable() != null && column.getTable().getName() != null) {
      return true;
    }
    String name = Names.lower(column.getColumnName(), 0, column.getColumnName().length());
    return !Keywords.VALUE_FUNCTIONS.contains(name) && !Keywords.NOT_COLUMNS.contains(name);
  }
}

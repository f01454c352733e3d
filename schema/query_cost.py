"""Query cost (查询代价): what a query may ask for before it runs.

Depth, aliases and tokens bound a query's text; the cost bounds the work behind it. Every
object a query selects costs 1 (leaves cost nothing), and a list multiplies the cost of
what is selected under each of its items by its size:

* a connection's `edges` / `nodes`: the connection's `first` — the default page size when
  `first` is absent, the maximum page size when it is a variable (the rule runs once per
  query text, before variables are known);
* a list with a list argument (`nodes(ids:)`, `_entities(representations:)`): the length
  of that list when it is written in the query, else the maximum page size;
* any other list: its estimate in `LIST_SIZES`, else `DEFAULT_LIST_SIZE`.

Aliases and fragments add up. A query over the budget (`MAX_QUERY_COST`) is refused with
LIMIT_EXCEEDED before anything is executed; the message names its cost and the budget.
The rule is a graphql-core validation rule built once per schema, so validated queries
stay in Strawberry's validation cache.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from graphql import (
    FieldNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLField,
    GraphQLInterfaceType,
    GraphQLList,
    GraphQLObjectType,
    GraphQLSchema,
    InlineFragmentNode,
    IntValueNode,
    ListValueNode,
    OperationDefinitionNode,
    SelectionSetNode,
    ValidationContext,
    ValidationRule,
    get_named_type,
    get_nullable_type,
    is_leaf_type,
)

from resolvers.core.errors import ErrorCode

DEFAULT_LIST_SIZE = 10
# Plain lists whose usual length is far from the default: "Type.field" → items expected.
LIST_SIZES: dict[str, int] = {
    "Query.policies": 200,
    "Query.calendarDays": 60,
    "Query.specialistCompliance": 100,
    "Query.supervisionStats": 100,
    "Query.directRecognitionRules": 50,
    "Query.recognitionPublicity": 100,
    "Talent.cards": 5,
    "Talent.familyMembers": 5,
    "ServiceRequest.items": 5,
    "ServiceRequest.handoffs": 5,
    "ServiceRequest.complaints": 5,
    "Handoff.appointments": 5,
    "Handoff.extensions": 5,
    "Recognition.objections": 5,
    "ServiceItem.departments": 5,
    "ServiceItem.eligibleTiers": 5,
    "CardProgramme.tiers": 5,
    "Card.revocations": 5,
    "SupervisionRow.satisfactionDistribution": 5,
    "SupervisionRow.complaintOutcomes": 5,
}
# Lists that are as long as one of their list arguments.
LIST_ARGUMENTS = {"ids", "representations"}
# Lists inside a connection, as long as its page.
PAGE_FIELDS = {"edges", "nodes"}


@dataclass(frozen=True)
class CostLimits:
    budget: int
    default_page: int
    max_page: int


def exceeded_message(cost: int, limits: CostLimits) -> str:
    return (
        f"查询开销 {cost:,} 超出上限 {limits.budget:,}（MAX_QUERY_COST）：每个选取的对象计 1，"
        f"列表按其条数倍乘其下的开销（连接按 first 计，未给出时按 {limits.default_page}，"
        f"为变量时按 {limits.max_page}；其他列表一般按 {DEFAULT_LIST_SIZE}）。"
        f"请减少条数、嵌套的列表或别名"
    )


def exceeded_message_en(cost: int, limits: CostLimits) -> str:
    return (
        f"query cost {cost:,} exceeds the budget of {limits.budget:,} (MAX_QUERY_COST): every "
        f"object selected costs 1 and a list multiplies what is under it by its size (a "
        f"connection's `first`, {limits.default_page} when absent and {limits.max_page} when "
        f"a variable; other lists {DEFAULT_LIST_SIZE} as a rule); ask for fewer items, fewer "
        f"nested lists or fewer aliases"
    )


class QueryCost:
    """The cost of one operation of a document (see the module's docstring)."""

    def __init__(self, schema: GraphQLSchema, context: ValidationContext, limits: CostLimits) -> None:
        self.schema = schema
        self.context = context
        self.limits = limits
        self._fragments: dict[tuple[str, str, int], int] = {}
        self._expanding: set[str] = set()

    def of(self, operation: OperationDefinitionNode) -> int:
        root = self.schema.get_root_type(operation.operation)
        return self._selections(operation.selection_set, root, page=1) if root else 0

    def _selections(self, selection_set: SelectionSetNode | None, parent: Any, page: int) -> int:
        if selection_set is None or not isinstance(parent, GraphQLObjectType | GraphQLInterfaceType):
            return self._untyped(selection_set, page)
        total = 0
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                field = parent.fields.get(selection.name.value)
                if field is not None:  # unknown fields are reported by another rule
                    total += self._field(selection, field, parent.name, page)
            elif isinstance(selection, InlineFragmentNode):
                condition = selection.type_condition
                target = self.schema.get_type(condition.name.value) if condition else parent
                total += self._selections(selection.selection_set, target, page)
            elif isinstance(selection, FragmentSpreadNode):
                total += self._spread(selection.name.value, page)
        return total

    def _untyped(self, selection_set: SelectionSetNode | None, page: int) -> int:
        """A union's selections: only fragments with a type condition select anything."""
        if selection_set is None:
            return 0
        total = 0
        for selection in selection_set.selections:
            if isinstance(selection, InlineFragmentNode) and selection.type_condition:
                target = self.schema.get_type(selection.type_condition.name.value)
                total += self._selections(selection.selection_set, target, page)
            elif isinstance(selection, FragmentSpreadNode):
                total += self._spread(selection.name.value, page)
        return total

    def _spread(self, name: str, page: int) -> int:
        fragment = self.context.get_fragment(name)
        if fragment is None or name in self._expanding:  # cycles are reported elsewhere
            return 0
        target = self.schema.get_type(fragment.type_condition.name.value)
        key = (name, getattr(target, "name", ""), page)
        if key not in self._fragments:
            self._expanding.add(name)
            self._fragments[key] = self._selections(fragment.selection_set, target, page)
            self._expanding.discard(name)
        return self._fragments[key]

    def _field(self, node: FieldNode, field: GraphQLField, parent: str, page: int) -> int:
        named = get_named_type(field.type)
        if is_leaf_type(named):
            return 0
        is_list = isinstance(get_nullable_type(field.type), GraphQLList)
        items = self._list_size(node, parent, page) if is_list else 1
        # A field taking `first` sets the page of the connections it answers.
        inner = self._page(node) if "first" in field.args else page
        return items * (1 + self._selections(node.selection_set, named, inner))

    def _list_size(self, node: FieldNode, parent: str, page: int) -> int:
        name = node.name.value
        if name in PAGE_FIELDS and parent.endswith("Connection"):
            return page
        for argument in node.arguments or ():
            if argument.name.value in LIST_ARGUMENTS:
                value = argument.value
                return len(value.values) if isinstance(value, ListValueNode) else self.limits.max_page
        return LIST_SIZES.get(f"{parent}.{name}", DEFAULT_LIST_SIZE)

    def _page(self, node: FieldNode) -> int:
        for argument in node.arguments or ():
            if argument.name.value == "first":
                if isinstance(argument.value, IntValueNode):
                    return max(0, min(int(argument.value.value), self.limits.max_page))
                return self.limits.max_page  # a variable: the most it may be
        return self.limits.default_page


def query_cost_rule(limits: CostLimits) -> type[ValidationRule]:
    """The validation rule refusing operations over `limits.budget`; build it once."""

    class QueryCostRule(ValidationRule):
        def enter_operation_definition(self, node: OperationDefinitionNode, *_: Any) -> None:
            cost = QueryCost(self.context.schema, self.context, limits).of(node)
            if cost > limits.budget:
                self.report_error(GraphQLError(
                    exceeded_message(cost, limits), node,
                    extensions={"code": ErrorCode.LIMIT_EXCEEDED.value, "cost": cost,
                                "budget": limits.budget, "messageEn": exceeded_message_en(cost, limits)},
                ))  # fmt: skip

    return QueryCostRule

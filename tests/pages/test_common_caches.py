"""A cached function in pages/_common.py is shared by every session: what it returns may depend
only on its arguments. One that read the viewer's role inside gave donors an analyst's
unsuppressed HXL file when an analyst had asked first (found in a browser walk)."""

import ast

from forumreach import ROOT

SOURCE = ROOT / "pages" / "_common.py"


def _functions() -> dict[str, ast.FunctionDef]:
    tree = ast.parse(SOURCE.read_text(encoding="utf-8"))
    return {node.name: node for node in tree.body if isinstance(node, ast.FunctionDef)}


def _is_cached(node: ast.FunctionDef) -> bool:
    return any("cache_data" in ast.unparse(d) or "cache_resource" in ast.unparse(d)
               for d in node.decorator_list)


def _called(node: ast.FunctionDef) -> set[str]:
    return {call.func.id for call in ast.walk(node)
            if isinstance(call, ast.Call) and isinstance(call.func, ast.Name)}


def _reads_the_session(node: ast.FunctionDef) -> bool:
    text = ast.unparse(node)
    return any(part in text for part in ("session_state", "st.context", "query_params"))


def _path_to_the_session(name, functions, cached, seen=()) -> list[str] | None:
    node = functions[name]
    if _reads_the_session(node):
        return [name]
    for callee in _called(node) & functions.keys():
        if callee in cached or callee in seen:
            continue  # a cached callee is checked on its own
        path = _path_to_the_session(callee, functions, cached, (*seen, name))
        if path:
            return [name, *path]
    return None


# Reads the per-rerun list of events, which is the same for every viewer (its argument picks).
SAME_FOR_EVERYONE = {"event_refs"}


def test_no_cached_function_reads_who_is_looking():
    functions = _functions()
    cached = {name for name, node in functions.items() if _is_cached(node)}
    assert cached, "no cached functions found: the test reads the wrong file"
    leaks = {}
    for name in cached:
        if _reads_the_session(functions[name]):
            leaks[name] = [name]
        for callee in _called(functions[name]) & functions.keys():
            if callee in cached or callee in SAME_FOR_EVERYONE:
                continue
            path = _path_to_the_session(callee, functions, cached)
            if path:
                leaks[name] = path
    assert not leaks, f"cached functions that read the session through: {leaks}"

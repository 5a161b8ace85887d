// Ctrl+Enter (Cmd+Enter on a Mac) in the Cypher console runs the query, as in Neo4j Browser.
// The ids are dashboard/layout.py's Ids.QUERY_TEXT and Ids.QUERY_RUN.
document.addEventListener("keydown", function (event) {
    if (event.key !== "Enter" || !(event.ctrlKey || event.metaKey)) return;
    if (!event.target || event.target.id !== "query-text") return;
    event.preventDefault();
    const run = document.getElementById("query-run");
    if (run) run.click();
});

// A date typed into the date range that is not a calendar day (2024-13-01, 2024-02-30, "last
// week") would make the picker clear the range, or roll the day over into the next month:
// the view would change without the analyst asking. Instead the typed text is put back to the
// date in force and a line under the picker says why. The ids are dashboard/layout.py's
// Ids.DATES (the start input) and its end input, and Ids.DATES_HINT.
(function () {
    const INPUTS = new Set(["filter-dates", "filter-dates-end-date"]);
    const HINT = "filter-dates-hint";
    const inForce = new Map();  // input id -> its text when it took the focus

    function isDay(text) {
        const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
        if (!match) return false;
        const [year, month, day] = match.slice(1).map(Number);
        const date = new Date(Date.UTC(year, month - 1, day));
        return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
    }

    function say(text) {
        const hint = document.getElementById(HINT);
        if (hint) hint.textContent = text;
    }

    function putBack(input, previous) {
        // through React's own setter, so the picker's state holds the text put back
        const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, "value").set;
        setter.call(input, previous);
        input.dispatchEvent(new Event("input", {bubbles: true}));
    }

    function guard(event) {
        const input = event.target;
        if (!input || !INPUTS.has(input.id)) return;
        const text = input.value.trim();
        if (text === "" || isDay(text)) {
            if (text !== (inForce.get(input.id) || "")) say("");  // a new date (or none): the hint is done
            return;
        }
        event.stopPropagation();  // the picker never reads the text
        if (event.key === "Enter") event.preventDefault();
        const previous = inForce.get(input.id) || "";
        putBack(input, previous);
        say(`"${text}" is not a date (YYYY-MM-DD): the date range is unchanged.`);
    }

    window.addEventListener("focusin", function (event) {
        const input = event.target;
        if (input && INPUTS.has(input.id) && isDay(input.value.trim())) inForce.set(input.id, input.value.trim());
        else if (input && INPUTS.has(input.id)) inForce.set(input.id, "");
    }, true);
    window.addEventListener("focusout", guard, true);
    window.addEventListener("keydown", function (event) {
        if (event.key === "Enter" || event.key === "Tab") guard(event);
    }, true);
})();

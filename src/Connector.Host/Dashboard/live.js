// The Sync page's live parts, in Hangfire's script bundle (DashboardRoutes.AddJavaScript), so it runs on every
// dashboard page and acts only where #sync-live is. It fetches the parts from the page's JSON endpoint and replaces
// each in place: the forms (a chosen upload file) and the scroll position stay, unlike a reload. It polls while a run
// is sending, and a few times after the page opens or a button is pressed (a run just asked for may not show yet).
// The bundle joins scripts with nothing between them: the leading semicolon ends whatever came before.
;(function () {
    var GracePolls = 3;
    function start() {
        var root = document.getElementById('sync-live');
        if (!root) { return; }
        var url = root.getAttribute('data-live-url');
        var interval = parseInt(root.getAttribute('data-live-interval') || '3000', 10);
        var grace = GracePolls;
        var timer = null;
        function schedule() { if (timer === null) { timer = setTimeout(poll, interval); } }
        function poll() {
            fetch(url, { headers: { 'Accept': 'application/json' }, credentials: 'same-origin', cache: 'no-store' })
                .then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.json(); })
                .then(function (data) {
                    timer = null;
                    Object.keys(data.parts).forEach(function (id) {
                        var part = document.getElementById(id);
                        if (part && part.innerHTML !== data.parts[id]) { part.innerHTML = data.parts[id]; }
                    });
                    root.setAttribute('data-live-running', data.running ? 'true' : 'false');
                    grace -= 1;
                    if (data.running || grace > 0) { schedule(); }
                })
                // Logged out or the server stopped: stop quietly; a reload shows why.
                .catch(function () { timer = null; });
        }
        document.addEventListener('click', function (e) {
            if (e.target.closest && e.target.closest('[data-ajax]')) { grace = GracePolls; schedule(); }
        });
        schedule();
    }
    if (document.readyState === 'loading') { document.addEventListener('DOMContentLoaded', start); } else { start(); }
})();

// The upload form's and the preview page's script, in Hangfire's script bundle (DashboardRoutes.AddJavaScript), so it
// runs on every dashboard page and acts only where its elements are. A plain form post would carry the antiforgery
// token in its body, and reading it there means buffering the whole upload before any limit applies; so the script
// posts the file with the token in the dashboard's antiforgery header (the one Hangfire's own buttons send) and
// follows the answer's location. Errors are shown with textContent, never as HTML.
// The bundle joins scripts with nothing between them: the leading semicolon ends whatever came before.
;(function () {
    function headers() {
        var name = document.querySelector('meta[name="csrf-header"]');
        var token = document.querySelector('meta[name="csrf-token"]');
        var result = {};
        if (name && token) { result[name.getAttribute('content')] = token.getAttribute('content'); }
        return result;
    }
    function show(box, text) { if (box) { box.textContent = text; box.style.display = 'block'; } }
    function post(url, body, box, button, busyText) {
        var label = button ? button.textContent : '';
        if (button) { button.disabled = true; button.textContent = busyText; }
        fetch(url, { method: 'POST', headers: headers(), body: body, credentials: 'same-origin' })
            .then(function (r) {
                return r.json().catch(function () { return { error: 'The server answered ' + r.status + ' ' + r.statusText + '.' }; });
            })
            .then(function (answer) {
                if (answer.location) { window.location.href = answer.location; return; }
                show(box, answer.error || 'That did not work.');
                if (button) { button.disabled = false; button.textContent = label; }
            })
            .catch(function (e) {
                show(box, 'The request failed: ' + e.message);
                if (button) { button.disabled = false; button.textContent = label; }
            });
    }
    var form = document.getElementById('sync-upload-form');
    if (form) {
        form.addEventListener('submit', function (e) {
            e.preventDefault();
            var box = document.getElementById('sync-upload-error');
            var input = form.querySelector('input[type=file]');
            if (!input.files.length) { show(box, 'Choose a CSV file first.'); return; }
            var max = Number(form.getAttribute('data-max-bytes'));
            if (max && input.files[0].size > max) { show(box, form.getAttribute('data-too-large')); return; }
            var data = new FormData();
            data.append('file', input.files[0], input.files[0].name);
            post(form.getAttribute('action'), data, box, document.getElementById('sync-upload-preview'), 'Checking the file...');
        });
    }
    document.querySelectorAll('[data-upload-post]').forEach(function (button) {
        button.addEventListener('click', function (e) {
            e.preventDefault();
            post(button.getAttribute('data-upload-post'), null, document.getElementById('sync-upload-error'), button, 'Working...');
        });
    });
})();

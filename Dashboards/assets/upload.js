// The Uploads page: sends the chosen file for a preview (with its progress), shows what the
// import would do or the rows it refuses (file:line:column), and offers to store a clean file.
// Text only goes into the page as text (textContent), never as markup.
(function () {
  var panel = document.getElementById("upload");
  if (!panel) return;
  var form = document.getElementById("upload-form");
  var progress = document.getElementById("upload-progress");
  var result = document.getElementById("upload-result");
  var commit = document.getElementById("upload-commit");
  function line(text, cls) {
    var p = document.createElement("p");
    p.textContent = text;
    if (cls) p.className = cls;
    result.appendChild(p);
    return p;
  }
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var file = document.getElementById("upload-file").files[0];
    if (!file) return;
    var kind = document.getElementById("upload-kind").value;
    result.textContent = "";
    commit.hidden = true;
    progress.hidden = false;
    progress.value = 0;
    line(panel.dataset.uploading);
    var xhr = new XMLHttpRequest();
    xhr.open("POST", "/uploads/preview?kind=" + encodeURIComponent(kind) + "&name=" + encodeURIComponent(file.name) +
      "&lang=" + encodeURIComponent(panel.dataset.lang));
    xhr.setRequestHeader("Content-Type", "text/csv");
    xhr.setRequestHeader("X-CSRF-Token", panel.dataset.csrf);
    xhr.upload.onprogress = function (e) {
      if (e.lengthComputable) progress.value = Math.round(e.loaded * 100 / e.total);
    };
    xhr.onload = function () {
      progress.hidden = true;
      result.textContent = "";
      var answer;
      try { answer = JSON.parse(xhr.responseText); } catch (e) { line("HTTP " + xhr.status, "error"); return; }
      if (xhr.status !== 200) { line(answer.detail || ("HTTP " + xhr.status), "error"); return; }
      line(answer.summary).dataset.testid = "upload-summary";
      var verdict = line(answer.verdict, answer.errors.length ? "error" : "ok");
      verdict.dataset.testid = "upload-verdict";
      if (answer.errors.length) {
        var list = document.createElement("ul");
        list.className = "errors";
        list.dataset.testid = "upload-errors";
        answer.errors.forEach(function (e) { var li = document.createElement("li"); li.textContent = e; list.appendChild(li); });
        result.appendChild(list);
      } else if (answer.id) {
        document.getElementById("upload-id").value = answer.id;
        commit.hidden = false;
      }
    };
    xhr.onerror = function () { progress.hidden = true; line("network error", "error"); };
    xhr.send(file);
  });
})();

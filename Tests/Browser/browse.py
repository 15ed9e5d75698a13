#!/usr/bin/env python3
"""Drives Debian's Chromium, headless, through the DevTools protocol over a pipe (no library
beyond the standard one): a page is opened, forms are filled, buttons clicked, a file chosen,
as a person would; what the steps read comes back as JSON on standard output.

    browse.py --chromium /usr/bin/chromium [--trust-spki HASH] < steps.json

steps.json is a list of steps, each one key:
    {"go": URL}                         navigate and wait for the load
    {"wait": "JS expression"}           until truthy (15 s)
    {"click": "CSS selector"}           click it (and wait for a navigation it starts)
    {"fill": ["CSS selector", "text"]}  set an input's value
    {"file": ["CSS selector", "path"]}  choose a file in <input type=file>
    {"text": "CSS selector"}            read its text (into the results)
    {"url": true}                       read the location (into the results)
    {"screenshot": "path.png"}          save a screenshot
"""
import argparse
import base64
import json
import os
import subprocess
import sys
import tempfile
import time


class Browser:
    def __init__(self, chromium, trust_spki=None):
        self.profile = tempfile.mkdtemp(prefix="mw-chromium-")
        to_child_r, self.to_child_w = os.pipe()
        self.from_child_r, from_child_w = os.pipe()
        args = [
            chromium, "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-dev-shm-usage",
            "--remote-debugging-pipe", "--user-data-dir=" + self.profile, "--window-size=1280,1000", "about:blank",
        ]
        if trust_spki:
            args.append("--ignore-certificate-errors-spki-list=" + trust_spki)

        def plumb():
            os.dup2(to_child_r, 3)
            os.dup2(from_child_w, 4)

        self.process = subprocess.Popen(args, pass_fds=(3, 4), preexec_fn=plumb, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(to_child_r)
        os.close(from_child_w)
        self.buffer = b""
        self.next_id = 0
        self.events = []
        target = self.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        self.session = self.call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        self.call("Page.enable", session=True)
        self.call("Runtime.enable", session=True)

    def send(self, method, params, session):
        self.next_id += 1
        message = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = self.session
        os.write(self.to_child_w, json.dumps(message).encode() + b"\0")
        return self.next_id

    def receive(self, timeout=30):
        deadline = time.time() + timeout
        while b"\0" not in self.buffer:
            if time.time() > deadline:
                raise TimeoutError("no message from Chromium")
            chunk = os.read(self.from_child_r, 1 << 16)
            if not chunk:
                raise EOFError("Chromium closed the pipe")
            self.buffer += chunk
        raw, self.buffer = self.buffer.split(b"\0", 1)
        return json.loads(raw)

    def call(self, method, params=None, session=False, timeout=30):
        wanted = self.send(method, params, session)
        while True:
            message = self.receive(timeout)
            if message.get("id") == wanted:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result", {})
            self.events.append(message)

    def evaluate(self, expression):
        result = self.call("Runtime.evaluate", {"expression": expression, "returnByValue": True, "awaitPromise": True}, session=True)
        if "exceptionDetails" in result:
            raise RuntimeError(f"{expression}: {result['exceptionDetails'].get('text')}")
        return result.get("result", {}).get("value")

    def wait(self, expression, timeout=15):
        deadline = time.time() + timeout
        while time.time() < deadline:
            try:
                if self.evaluate(expression):
                    return
            except RuntimeError:
                pass
            time.sleep(0.1)
        raise TimeoutError(f"waited {timeout} s for {expression} at {self.evaluate('location.href')}")

    def loaded(self):
        self.wait("document.readyState === 'complete'")

    def close(self):
        try:
            self.call("Browser.close", timeout=5)
        except Exception:
            pass
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    parser.add_argument("--trust-spki")
    options = parser.parse_args()
    steps = json.load(sys.stdin)
    browser = Browser(options.chromium, options.trust_spki)
    results = []
    try:
        for step in steps:
            if "go" in step:
                browser.call("Page.navigate", {"url": step["go"]}, session=True)
                time.sleep(0.2)
                browser.loaded()
            elif "wait" in step:
                browser.wait(step["wait"])
            elif "click" in step:
                before = browser.evaluate("location.href")
                selector = json.dumps(step["click"])
                if not browser.evaluate(f"(() => {{ const e = document.querySelector({selector}); if (!e) return false; e.click(); return true; }})()"):
                    raise RuntimeError(f"nothing to click at {step['click']} on {before}")
                time.sleep(0.4)
                browser.loaded()
            elif "fill" in step:
                selector, text = step["fill"]
                browser.evaluate(f"document.querySelector({json.dumps(selector)}).value = {json.dumps(text)}")
            elif "file" in step:
                selector, path = step["file"]
                document = browser.call("DOM.getDocument", {"depth": 1}, session=True)
                node = browser.call("DOM.querySelector", {"nodeId": document["root"]["nodeId"], "selector": selector}, session=True)
                browser.call("DOM.setFileInputFiles", {"files": [path], "nodeId": node["nodeId"]}, session=True)
            elif "text" in step:
                results.append(browser.evaluate(f"(document.querySelector({json.dumps(step['text'])}) || {{}}).innerText || null"))
            elif "url" in step:
                results.append(browser.evaluate("location.href"))
            elif "screenshot" in step:
                shot = browser.call("Page.captureScreenshot", {"format": "png"}, session=True)
                with open(step["screenshot"], "wb") as f:
                    f.write(base64.b64decode(shot["data"]))
    except Exception as error:
        results.append({"error": str(error), "url": browser.evaluate("location.href")})
    finally:
        browser.close()
    json.dump(results, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main()

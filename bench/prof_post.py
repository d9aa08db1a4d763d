"""(temporary) py-spy profile of the HTTP workers under the POST load."""
import os, subprocess, tempfile, random, shutil, time
from harness import serve_odoo
import bench_nps_click as b

account_id, wave_id, tokens, paced_ids, paced_tokens = b.setup()
try:
    with tempfile.TemporaryDirectory() as tmp:
        script = os.path.join(tmp, "nps.lua")
        paths = [f"/nps/{t}" for t in tokens]
        random.Random(1).shuffle(paths)
        open(script + ".paths", "w").write("\n".join(paths) + "\n")
        open(script, "w").write(b.LUA)
        with serve_odoo(workers=2) as url:
            env = {"NPS_PATHS": script + ".paths", "NPS_METHOD": "POST"}
            b.run_wrk(shutil.which("wrk"), script, url, env, "3s")
            pids = subprocess.run(["pgrep", "-f", "odoo_launcher.py.*--workers=2"], capture_output=True, text=True).stdout.split()
            main = min(int(p) for p in pids)
            spy = subprocess.Popen(["/opt/odoo18-venv/bin/py-spy", "record", "--subprocesses", "-p", str(main), "-r", "200", "-d", "18", "--format", "raw", "-o", "/tmp/post.raw", "--nonblocking"])
            res, _ = b.run_wrk(shutil.which("wrk"), script, url, env, "20s")
            spy.wait()
            print("RESULT", res["requests"] / res["seconds"])
finally:
    b.cleanup(account_id, wave_id)

"""The operator's kit as installed: `make install-files` into a scratch root, then the systemd
units (systemd-analyze verify and security), their ExecStart lines with the example configuration
(--check-config), the manual pages against every option the programs take, the completions
against what the programs generate, the alert rules (promtool) and the dashboard. Prints one
JSON object."""
import argparse
import getpass
import json
import os
import re
import shlex
import shutil
import subprocess

PROGRAMS = ["apikeyserv", "apikeyctl", "apikey-http"]


def run(argv, **kwargs):
    return subprocess.run(argv, capture_output=True, text=True, **kwargs)


def long_options(binary, path=()):
    """Every long option of the program and its subcommands, from its help dump."""
    dump = json.loads(run([binary, *path, "--experimental-dump-help"]).stdout)

    def walk(command):
        names = set()
        for argument in command.get("arguments", []):
            for name in argument.get("names", []):
                if name["kind"] == "long" and argument.get("shouldDisplay", True):
                    names.add(name["name"])
        for sub in command.get("subcommands", []):
            names |= walk(sub)
        return names
    return walk(dump["command"]) - {"help", "version", "experimental-dump-help"}


def unit_command(unit_path):
    """The ExecStart command line of a unit, continuation lines joined."""
    text = open(unit_path).read().replace("\\\n", " ")
    line = next(l for l in text.splitlines() if l.startswith("ExecStart="))
    return shlex.split(line[len("ExecStart="):])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--package", required=True)
    parser.add_argument("--bin", required=True)
    parser.add_argument("--root", required=True)
    args = parser.parse_args()
    root, prefix = args.root, os.path.join(args.root, "usr")
    etc, units = os.path.join(root, "etc"), os.path.join(root, "lib/systemd/system")
    made = run(["make", "-s", "-C", args.package, "install-files", f"PREFIX={prefix}",
                f"SYSCONFDIR={etc}", f"UNITDIR={units}", f"BUILD_DIR={args.bin}"])
    result = {"install": made.returncode, "install_output": made.stderr[-2000:]}
    installed = {
        "bin": sorted(os.listdir(os.path.join(prefix, "bin"))),
        "man": sorted(os.listdir(os.path.join(prefix, "share/man/man1"))),
        "units": sorted(os.listdir(units)),
        "config": sorted(os.listdir(os.path.join(etc, "apikeyserv"))),
        "sysusers": os.path.exists(os.path.join(prefix, "lib/sysusers.d/apikeyserv.conf")),
    }
    result["installed"] = installed

    environment = dict(os.environ, MANPATH=os.path.join(prefix, "share/man"))
    unit_files = [os.path.join(units, unit) for unit in ["apikeyserv.service", "apikey-http.service"]]
    verified = run(["systemd-analyze", "verify", *unit_files], env=environment)
    result["verify"] = {"status": verified.returncode, "output": (verified.stdout + verified.stderr).strip()}
    result["exposure"] = {}
    for unit in unit_files:
        security = run(["systemd-analyze", "security", "--offline=true", unit])
        match = re.search(r"Overall exposure level for \S+: ([0-9.]+)", security.stdout + security.stderr)
        result["exposure"][os.path.basename(unit)] = float(match.group(1)) if match else None

    # The units' own command lines, with the example configuration, pass --check-config.
    scratch = os.path.join(root, "var")
    os.makedirs(os.path.join(scratch, "run"), exist_ok=True)
    result["unit_commands"] = {}
    for unit in unit_files:
        # The users the units name do not exist here: this process's user stands in.
        command = unit_command(unit)
        if "--daemon-user" in command:
            command[command.index("--daemon-user") + 1] = getpass.getuser()
        argv = [a.replace("/etc/apikeyserv", os.path.join(etc, "apikeyserv"))
                 .replace("/var/lib/apikeyserv", os.path.join(scratch, "lib"))
                 .replace("/run/apikeyserv", os.path.join(scratch, "run"))
                for a in command]
        checked = run(argv + ["--check-config"])
        result["unit_commands"][os.path.basename(unit)] = {
            "status": checked.returncode, "output": checked.stdout + checked.stderr}

    manual_env = dict(os.environ, MANWIDTH="250")
    result["man_missing"] = {}
    result["completions_stale"] = []
    result["bash_syntax"] = {}
    for program in PROGRAMS:
        binary = os.path.join(prefix, "bin", program)
        page = run(["man", "-l", os.path.join(prefix, "share/man/man1", f"{program}.1")],
                   env=manual_env).stdout
        page = page.replace("\u2010", "-").replace("\u2011", "-")
        page = re.sub(r"-\s*\n\s*", "-", page)
        result["man_missing"][program] = sorted(
            name for name in long_options(binary) if f"--{name}" not in page)
        for shell, path in [("bash", f"share/bash-completion/completions/{program}"),
                            ("zsh", f"share/zsh/site-functions/_{program}"),
                            ("fish", f"share/fish/vendor_completions.d/{program}.fish")]:
            fresh = run([binary, "--generate-completion-script", shell]).stdout
            if open(os.path.join(prefix, path)).read() != fresh:
                result["completions_stale"].append(f"{program} {shell}")
        result["bash_syntax"][program] = run(
            ["bash", "-n", os.path.join(prefix, f"share/bash-completion/completions/{program}")]).returncode

    rules = os.path.join(prefix, "share/apikeyserv/apikeyserv-alerts.yml")
    if shutil.which("promtool"):
        checked = run(["promtool", "check", "rules", rules])
        result["rules"] = {"checker": "promtool", "status": checked.returncode,
                           "output": (checked.stdout + checked.stderr).strip()}
    else:
        import yaml
        groups = yaml.safe_load(open(rules))["groups"]
        result["rules"] = {"checker": "yaml", "status": 0 if all(
            "alert" in rule and "expr" in rule for group in groups for rule in group["rules"]) else 1,
            "output": f"{sum(len(g['rules']) for g in groups)} rules"}
    dashboard = json.load(open(os.path.join(prefix, "share/apikeyserv/apikeyserv-dashboard.json")))
    result["dashboard_panels"] = len(dashboard["panels"])
    print(json.dumps(result))


if __name__ == "__main__":
    main()

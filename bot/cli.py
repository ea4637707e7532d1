"""The command line: run the bot, and organisers' bulk work with the same code as the chat.

python -m bot [run]                 run the bot on Telegram (BOT_TOKEN needed)
python -m bot sandbox               the local sandbox chat in this terminal (no token needed)
python -m bot health                ask the running bot's GET /healthz; exit 1 unless healthy
python -m bot visit create ...      create a visit
python -m bot visit list            list visits
python -m bot invite create ...     create an invite link (and its QR code)
python -m bot agenda import FILE --visit VISIT [--yes]   load an agenda file (YAML or CSV)
python -m bot backup [FILE]         copy the database safely while the bot runs
python -m bot restore FILE          replace the database with a checked backup (bot stopped)
python -m bot export attendance|questions|creators|feedback --visit VISIT [--output FILE]
                                    [--format csv|xlsx]   the files /export sends
python -m bot report visit --visit VISIT --output FILE.docx   the impact report (/report)
python -m bot report person --visit VISIT --person NAME --output FILE.docx   a /myreport
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Awaitable, Callable, Sequence
from pathlib import Path
from typing import Any

from bot.agenda import diff_lines, problem_lines
from bot.backups import RestoreRefused, restore, write_backup
from bot.clock import SystemClock
from bot.creators import creators_table
from bot.exports import FORMATS, export_file
from bot.i18n import LANGUAGES, plain
from bot.invites import InviteOptionError, Invites, parse_invite_request, qr_png, start_link
from bot.logs import setup_logging
from bot.services import Services
from bot.telegram_errors import describe_failure
from bot.visits import VisitProblem, check_new_visit, zone_of
from config import ConfigError, Settings, load_settings

CliAction = Callable[[Services, argparse.Namespace], Awaitable[int]]


def parser() -> argparse.ArgumentParser:
    """The argument parser with every subcommand."""
    main = argparse.ArgumentParser(
        prog="python -m bot",
        description="Rombongan: a Telegram bot for a delegation's field visit. With no "
        "subcommand it runs the bot on Telegram (BOT_TOKEN needed; webhook mode when "
        "WEBHOOK_URL is set too). `sandbox` runs a local chat in this terminal instead.",
    )
    commands = main.add_subparsers(dest="command", metavar="COMMAND")
    run_ = commands.add_parser("run", help="run the bot on Telegram (the default)")
    run_.add_argument(
        "--sandbox-without-token",
        action="store_true",
        help="without BOT_TOKEN, run the local sandbox instead of refusing (`make run`)",
    )
    run_.add_argument(
        "--mode",
        choices=("polling", "webhook"),
        help="refuse to start unless the settings give this mode (WEBHOOK_URL unset: polling)"
        "; the Procfile's worker and web processes say which they are",
    )
    commands.add_parser(
        "sandbox",
        help="a local stand-in for Telegram and a demo visit, chatted with in this terminal",
        description="Never talks to Telegram; its database is sandbox.sqlite3 beside "
        "DATABASE_PATH. Lines starting with `:` are meta-commands (`:who`, `:as NAME`, `:quit`).",
    )
    commands.add_parser(
        "health",
        help="ask the running bot on this machine for GET /healthz (exit 1 unless healthy)",
        description="Asks http://127.0.0.1:PORT/healthz in webhook mode, HEALTH_PORT while "
        "polling; prints the report (last poll, outbox backlog, oldest due row).",
    )

    visit = commands.add_parser("visit", help="create or list visits").add_subparsers(
        dest="action", metavar="ACTION", required=True
    )
    create = visit.add_parser("create", help="create a visit")
    create.add_argument("--slug", required=True, help="short code, e.g. banyuwangi-2025")
    create.add_argument("--title", required=True)
    create.add_argument("--region", default="")
    create.add_argument("--first-day", required=True, help="YYYY-MM-DD")
    create.add_argument("--last-day", required=True, help="YYYY-MM-DD")
    create.add_argument("--timezone", help="IANA name (default: the TIMEZONE setting)")
    create.add_argument("--language", choices=LANGUAGES, help="default: DEFAULT_LANGUAGE")
    visit.add_parser("list", help="list visits")

    invite = commands.add_parser("invite", help="create invite links").add_subparsers(
        dest="action", metavar="ACTION", required=True
    )
    new_invite = invite.add_parser("create", help="create an invite")
    new_invite.add_argument("--visit", required=True, help="the visit's code")
    new_invite.add_argument(
        "--role", required=True, help="participant, partner, creator or organiser"
    )
    new_invite.add_argument("--valid-for", help="lifetime such as 90m, 12h, 7d or 2w")
    new_invite.add_argument("--max-uses", type=int, help="how many people may use it")
    new_invite.add_argument("--label", help="a note, e.g. who it is for")
    new_invite.add_argument("--bot-username", help="to print the t.me link (default: ask getMe)")
    new_invite.add_argument("--qr", type=Path, help="also write the link's QR code to this PNG")

    agenda = commands.add_parser("agenda", help="load the agenda").add_subparsers(
        dest="action", metavar="ACTION", required=True
    )
    load = agenda.add_parser(
        "import", help="check an agenda file, show the difference, and apply it"
    )
    load.add_argument("file", type=Path, help="a .yaml, .yml or .csv file (docs/agenda-format.md)")
    load.add_argument("--visit", required=True, help="the visit's code")
    load.add_argument("--yes", action="store_true", help="apply without asking")

    backup = commands.add_parser(
        "backup",
        help="copy the database to a file, safely (also while the bot runs)",
        description="SQLite's online backup of DATABASE_PATH, readable by this user only. "
        "Without FILE it goes into BACKUP_DIR, named like the scheduled ones, and counts for "
        "the schedule and for BACKUP_KEEP.",
    )
    backup.add_argument("target", type=Path, nargs="?", metavar="FILE")

    restore_ = commands.add_parser(
        "restore",
        help="replace the database with a backup, after checking it (stop the bot first)",
        description="Stop the bot first: a running bot is detected and the restore refused. "
        "FILE is checked (an SQLite file, PRAGMA integrity_check ok, a schema not newer than "
        "this code's, the core tables present); otherwise nothing changes and the exit code "
        "is 2. The current database is kept beside it as NAME-before-restore-<UTC time>, the "
        "checked copy replaces it in one rename, and pending migrations are applied.",
    )
    restore_.add_argument("file", type=Path, metavar="FILE", help="a backup of the database")

    export = commands.add_parser("export", help="export records as files").add_subparsers(
        dest="action", metavar="ACTION", required=True
    )
    for kind, what in (
        ("attendance", "attendance (person × session)"),
        ("questions", "every question of the visit"),
        ("creators", "the approved creator profiles"),
        ("feedback", "every session rating (names only where a comment was signed)"),
    ):
        each = export.add_parser(kind, help=f"{what}, as CSV or Excel (.xlsx)")
        each.add_argument("--visit", required=True, help="the visit's code")
        each.add_argument("--output", type=Path, help="file to write (default: stdout)")
        each.add_argument(
            "--format",
            choices=FORMATS,
            help="csv (UTF-8 with a BOM) or xlsx; default: the --output file's suffix, else csv",
        )
    report = commands.add_parser(
        "report", help="the learning reports as Word documents (DOCX)"
    ).add_subparsers(dest="action", metavar="ACTION", required=True)
    impact = report.add_parser("visit", help="the organisers' impact report, with its charts")
    impact.add_argument("--visit", required=True, help="the visit's code")
    impact.add_argument("--output", type=Path, required=True, help="the .docx file to write")
    impact.add_argument("--language", choices=LANGUAGES, help="default: the visit's language")
    person = report.add_parser("person", help="one person's visit report, as /myreport sends it")
    person.add_argument("--visit", required=True, help="the visit's code")
    person.add_argument(
        "--person", required=True, help="name, first name, @username or Telegram id"
    )
    person.add_argument("--output", type=Path, required=True, help="the .docx file to write")
    person.add_argument("--language", choices=LANGUAGES, help="default: the person's language")
    return main


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of `python -m bot`; returns the exit code."""
    arguments = parser().parse_args(argv)
    try:
        settings = load_settings()
    except ConfigError as error:
        print(error, file=sys.stderr)
        return 2
    setup_logging(
        settings.log_level_number,
        [settings.bot_token.get_secret_value()] if settings.bot_token else [],
    )
    if arguments.command in (None, "run"):
        return run(
            settings,
            sandbox_without_token=getattr(arguments, "sandbox_without_token", False),
            mode=getattr(arguments, "mode", None),
        )
    if arguments.command == "sandbox":
        return run_sandbox(settings)
    if arguments.command == "health":
        return asyncio.run(check_health(settings))
    if arguments.command == "restore":
        return asyncio.run(restore_database(settings, arguments.file))
    action = ACTIONS[(arguments.command, arguments.action if "action" in arguments else None)]
    return asyncio.run(_with_services(settings, action, arguments))


def run(settings: Settings, *, sandbox_without_token: bool = False, mode: str | None = None) -> int:
    """Run the real bot; without a token refuse in one line (or, for `make run`, the sandbox)."""
    if settings.bot_token is None:
        if sandbox_without_token:
            return run_sandbox(settings)
        print(
            "config error: BOT_TOKEN: not set; the bot cannot start without it"
            " (the local sandbox is `make run` or `python -m bot sandbox`)",
            file=sys.stderr,
        )
        return 2
    if mode == "webhook" and settings.webhook_url is None:
        print(
            "config error: WEBHOOK_URL: not set; the web process serves the webhook"
            " (for long polling scale the worker process instead)",
            file=sys.stderr,
        )
        return 2
    if mode == "polling" and settings.webhook_url is not None:
        print(
            "config error: WEBHOOK_URL: set, but this is the polling worker"
            " (for webhook mode scale the web process instead)",
            file=sys.stderr,
        )
        return 2
    from bot.running import StartupFailed, run_on_telegram

    try:
        run_on_telegram(settings)
    except StartupFailed as failure:
        print(failure, file=sys.stderr)
        return 1
    return 0


def run_sandbox(settings: Settings) -> int:
    """The local sandbox chat (a stand-in for Telegram, a demo visit), never the real Telegram."""
    from sandbox.terminal import run_sandbox as chat  # only the developer's machine needs it

    return chat(settings)


async def check_health(settings: Settings) -> int:
    """`health`: GET /healthz of the bot running on this machine; 0 only when it is healthy."""
    import aiohttp

    # While polling, the screen's port (WALL_PORT) answers /healthz too.
    polling_port = settings.health_port or settings.wall_port
    port = settings.port if settings.webhook_url is not None else polling_port
    if port is None:
        print(
            "health: polling mode without HEALTH_PORT has no health listener; set HEALTH_PORT",
            file=sys.stderr,
        )
        return 2
    url = f"http://127.0.0.1:{port}/healthz"
    try:
        async with (
            aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=10)) as http,
            http.get(url) as response,
        ):
            body = await response.text()
            status = response.status
    except (aiohttp.ClientError, TimeoutError) as error:
        print(f"health: the bot does not answer at {url} ({type(error).__name__})", file=sys.stderr)
        return 1
    print(body)
    return 0 if status == 200 else 1


async def _with_services(settings: Settings, action: CliAction, args: argparse.Namespace) -> int:
    services = Services.create(settings)
    await services.open()
    try:
        return await action(services, args)
    finally:
        await services.close()


async def create_visit(services: Services, args: argparse.Namespace) -> int:
    """`visit create`."""
    try:
        new = check_new_visit(
            slug=args.slug,
            title=args.title,
            region=args.region,
            first_day=args.first_day,
            last_day=args.last_day,
            timezone=args.timezone or services.settings.timezone,
            language=args.language or services.settings.default_language,
        )
        visit = await services.visits.create(new)
    except VisitProblem as problem:
        print(f"visit not created: {problem}", file=sys.stderr)
        return 2
    print(f"created visit {visit.slug} (id {visit.id}): {visit.title}")
    return 0


async def list_visits(services: Services, args: argparse.Namespace) -> int:
    """`visit list`."""
    for visit in await services.visits.store.all():
        print(
            f"{visit.slug}\t{visit.first_day} – {visit.last_day}\t{visit.timezone}\t{visit.title}"
        )
    return 0


async def create_invite(services: Services, args: argparse.Namespace) -> int:
    """`invite create`."""
    visit = await services.visits.find(args.visit)
    if visit is None:
        print(f"no visit with the code {args.visit!r}", file=sys.stderr)
        return 2
    words = [args.role]
    if args.valid_for:
        words.append(args.valid_for)
    if args.max_uses is not None:
        words.append(f"uses={args.max_uses}")
    try:
        request = parse_invite_request(words)
    except InviteOptionError as error:
        print(f"invite not created: bad value {error.option!r} ({error.problem})", file=sys.stderr)
        return 2
    if args.label:
        request = type(request)(request.role, request.valid_for, request.max_uses, args.label)
    # Everything the invite needs is known before it is stored: nothing half-made stays behind.
    if args.qr and not args.bot_username and services.settings.bot_token is None:
        print(
            "invite not created: --qr needs the bot's username: pass --bot-username or set"
            " BOT_TOKEN",
            file=sys.stderr,
        )
        return 2
    if args.qr and not args.qr.resolve().parent.is_dir():
        print(f"invite not created: no folder {args.qr.parent} for --qr", file=sys.stderr)
        return 2
    username = args.bot_username
    if username is None and services.settings.bot_token is not None:
        from telegram.error import TelegramError

        try:
            username = await _bot_username(services.settings)
        except TelegramError as error:
            print(
                f"invite not created: cannot ask Telegram for the bot's username"
                f" ({describe_failure(error)}); pass --bot-username",
                file=sys.stderr,
            )
            return 1
    invite = await services.invites.create(visit.id, request, created_by=None)
    payload = Invites.payload(invite)
    link = start_link(username, payload) if username else f"/start {payload}"
    print(link)
    if args.qr and username:
        args.qr.write_bytes(qr_png(link))
        print(f"QR code written to {args.qr}")
    return 0


async def _bot_username(settings: Settings) -> str:
    assert settings.bot_token is not None
    from telegram import Bot

    from bot.transport import AiohttpRequest

    request = AiohttpRequest(settings.api_root, connections=1)
    try:
        async with Bot(
            settings.bot_token.get_secret_value(),
            base_url=f"{settings.api_root}/bot",
            request=request,
            get_updates_request=request,
        ) as bot:
            return bot.username
    finally:
        await request.shutdown()  # also when getMe failed (the Bot then closes nothing)


async def backup_database(services: Services, args: argparse.Namespace) -> int:
    """`backup [FILE]`: SQLite's online backup, consistent even while the bot writes."""
    if args.target is None:
        target = await services.backups.take()
        kept = len(services.backups.taken())
        print(f"database copied to {target} ({kept} backups kept in {services.backups.folder})")
    else:
        await write_backup(services.db, args.target)
        print(f"database copied to {args.target}")
    return 0


async def restore_database(settings: Settings, source: Path) -> int:
    """`restore FILE`: check the file, keep the current database, replace it, migrate."""
    database = settings.database_path
    try:
        done = await restore(source, database, SystemClock())
    except RestoreRefused as refusal:
        print(f"not restored: {source}: {refusal}; the database is unchanged", file=sys.stderr)
        return 2
    print(f"checked {source}: integrity ok, schema version {done.backup_version}")
    if done.previous is not None:
        print(f"kept the database it replaced as {done.previous}")
    migrated = (
        f"migrated from schema version {done.backup_version} to {done.version}"
        if done.version != done.backup_version
        else f"schema version {done.version}, no migration needed"
    )
    print(f"restored {database} from {source}; {migrated}")
    return 0


async def import_agenda(services: Services, args: argparse.Namespace) -> int:
    """`agenda import FILE --visit VISIT`: the same checks and changes as a file sent in chat."""
    visit = await services.visits.find(args.visit)
    if visit is None:
        print(f"no visit with the code {args.visit!r}", file=sys.stderr)
        return 2
    try:
        content = args.file.read_bytes()
    except OSError as error:
        print(f"cannot read {args.file}: {error.strerror}", file=sys.stderr)
        return 2
    texts, language, zone = services.texts, "en", zone_of(visit)
    checked = await services.agenda.read(visit, content, args.file.name)
    if not checked.ok:
        print(f"not loaded: {len(checked.problems)} problem(s); nothing changed", file=sys.stderr)
        for line in problem_lines(texts, language, checked.problems):
            print(f"  {plain(line)}", file=sys.stderr)
        return 1
    for line in problem_lines(texts, language, checked.warnings):
        print(f"warning: {plain(line)}")
    change = await services.agenda.preview(visit, checked.sessions, checked.emergency)
    if change.empty:
        print("the file is the same as the stored agenda: nothing to do")
        return 0
    for line in diff_lines(texts, language, change, zone):
        print(plain(line))
    if not args.yes:
        if not sys.stdin.isatty():
            print("not applied: run with --yes to apply without a terminal", file=sys.stderr)
            return 1
        answer = await asyncio.to_thread(input, "apply these changes? [y/N] ")
        if answer.strip().lower() not in ("y", "yes", "ya"):
            print("not applied")
            return 1
    await services.agenda.load(visit, checked.sessions, None, checked.emergency)
    print(
        f"applied: {len(change.added)} added, {len(change.changed)} changed,"
        f" {len(change.removed)} removed; reminders re-planned"
    )
    return 0


async def export_records(services: Services, args: argparse.Namespace) -> int:
    """`export KIND`: the same file that /export KIND sends, as CSV or XLSX."""
    visit = await services.visits.find(args.visit)
    if visit is None:
        print(f"no visit with the code {args.visit!r}", file=sys.stderr)
        return 2
    format_ = args.format or (
        "xlsx" if args.output is not None and args.output.suffix.lower() == ".xlsx" else "csv"
    )
    if format_ == "xlsx" and args.output is None and sys.stdout.isatty():
        print("an .xlsx file is not for a terminal: pass --output FILE", file=sys.stderr)
        return 2
    zone = zone_of(visit)
    if args.action == "attendance":
        table = await services.attendance.export_table(visit)
    elif args.action == "questions":
        table = await services.questions.export_table(visit, zone)
    elif args.action == "feedback":
        table = await services.learning.feedback.export_table(visit, visit.language)
    else:
        table = creators_table(await services.creators.store.approved(visit.id), zone)
    data = export_file(table, format_)
    if args.output is None:
        sys.stdout.buffer.write(data)
    else:
        args.output.write_bytes(data)
        print(f"{args.action} written to {args.output}")
    return 0


async def write_report(services: Services, args: argparse.Namespace) -> int:
    """`report visit` and `report person`: the same documents /report and /myreport send."""
    from bot.learning.documents import charts, impact_docx, personal_docx

    visit = await services.visits.find(args.visit)
    if visit is None:
        print(f"no visit with the code {args.visit!r}", file=sys.stderr)
        return 2
    texts = services.texts
    if args.action == "visit":
        language = args.language or visit.language
        report = await services.learning.reports.impact(visit, language)
        drawn = charts(report, texts, language)
        data = impact_docx(report, texts, language, drawn, services.clock.now())
    else:
        members = await services.people.store.members(visit.id)
        wanted = args.person.strip().lstrip("@").casefold()
        found = [
            m
            for m in members
            if wanted
            in (
                m.person.full_name.casefold(),
                m.person.first_name.casefold(),
                (m.person.username or "").casefold(),
                str(m.person.id),
            )
        ]
        if len(found) != 1:
            names = ", ".join(m.person.full_name for m in found) or "nobody"
            print(
                f"{args.person!r} names {names} in {visit.slug}: name one person", file=sys.stderr
            )
            return 2
        member = found[0]
        language = args.language or services.people.language(member.person)
        personal = await services.learning.reports.personal(visit, member.person, member.role)
        data = personal_docx(personal, texts, language)
    args.output.write_bytes(data)
    print(f"report written to {args.output}")
    return 0


ACTIONS: dict[tuple[str, Any], CliAction] = {
    ("visit", "create"): create_visit,
    ("visit", "list"): list_visits,
    ("invite", "create"): create_invite,
    ("agenda", "import"): import_agenda,
    ("backup", None): backup_database,
    ("export", "attendance"): export_records,
    ("export", "questions"): export_records,
    ("export", "creators"): export_records,
    ("export", "feedback"): export_records,
    ("report", "visit"): write_report,
    ("report", "person"): write_report,
}

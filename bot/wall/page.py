"""The projector page: server-rendered HTML, a small inline script for the live updates, and
the page a revoked or expired link shows. Every value from people is escaped here."""

from __future__ import annotations

import json
from html import escape

import segno

from bot.i18n import Texts
from bot.wall import Board, BoardQuestion

LANGUAGES = ("id", "en")

STYLE = """
:root{color-scheme:dark;--bg:#000;--fg:#fff;--dim:#c8c8c8;--accent:#ffd400;--line:#555}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--fg);font:clamp(17px,1.9vw,40px)/1.3 system-ui,
 -apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif}
#top{display:flex;justify-content:space-between;align-items:center;gap:1em;
 padding:.4em .8em;border-bottom:2px solid var(--line);font-size:.6em}
#top a{color:var(--fg)}
#status{font-weight:700;color:#3ddc84}
body.offline #status{color:#ff5c5c}
#status .off{display:none}body.offline #status .on{display:none}
body.offline #status .off{display:inline}
#screen{display:grid;grid-template-columns:1fr auto;gap:1em 1.5em;padding:.6em .8em}
#board{min-width:0}
header{display:flex;justify-content:space-between;align-items:baseline;
 flex-wrap:wrap;gap:.3em 1em}
h1{margin:0;font-size:1.35em}
h2{margin:.2em 0 .3em;font-size:.8em;color:var(--dim);text-transform:uppercase;letter-spacing:.08em}
.here{font-size:1.2em;font-weight:800;color:var(--accent);white-space:nowrap}
ol{list-style:none;margin:0;padding:0}
.q{display:flex;gap:.7em;align-items:flex-start;padding:.35em .5em;
 border-bottom:1px solid var(--line)}
.q.onscreen{background:var(--accent);color:#000;border-radius:.3em}
.q.onscreen .who,.q.onscreen .votes small{color:#222}
.votes{min-width:2.6em;text-align:center;font-weight:800;font-size:1.1em}
.votes small{display:block;font-size:.45em;font-weight:400;color:var(--dim)}
.text{margin:0;overflow-wrap:anywhere}
.who{margin:.1em 0 0;font-size:.6em;color:var(--dim)}
.now{border:4px solid var(--accent);border-radius:.3em;padding:.4em .6em;margin-bottom:.6em}
.now h2{color:var(--accent)}
.now .text{font-size:1.2em;font-weight:700}
.more,.none{color:var(--dim);font-size:.7em;padding:.3em .5em}
.answered .q{flex-direction:column;gap:.1em}
.answer{margin:.1em 0 0;padding-left:.6em;border-left:4px solid var(--accent);font-size:.8em}
aside{text-align:center;font-size:.55em;max-width:12em}
aside .link{font-size:.7em;color:var(--dim);overflow-wrap:anywhere}
aside svg{width:100%;height:auto;background:#fff;border-radius:.3em}
.gone{display:flex;flex-direction:column;justify-content:center;align-items:center;
 min-height:90vh;text-align:center;padding:1em}
@media (max-width:700px){#screen{grid-template-columns:1fr}aside{max-width:14em;margin:0 auto}}
"""

SCRIPT = """
(function(){
  var body=document.body,board=document.getElementById('board'),source=null,
      heard=Date.now(),stopped=false;
  function live(on){body.classList.toggle('offline',!on);}
  function show(data){
    heard=Date.now();live(true);
    var d=JSON.parse(data);
    board.innerHTML=d.html;body.setAttribute('data-order',d.order.join(','));
    body.setAttribute('data-version',d.v);
  }
  function check(){
    if(stopped)return;
    fetch(location.href,{cache:'no-store'}).then(function(r){
      if(r.status===410||r.status===404){
        return r.text().then(function(t){
          stopped=true;if(source)source.close();
          var doc=new DOMParser().parseFromString(t,'text/html');
          document.title=doc.title;body.replaceWith(doc.body);
        });
      }
      connect();
    },function(){setTimeout(check,2000);});
  }
  function connect(){
    if(stopped)return;
    if(source)source.close();
    source=new EventSource(body.getAttribute('data-events'));
    source.onopen=function(){heard=Date.now();live(true);};
    source.addEventListener('board',function(e){show(e.data);});
    source.addEventListener('ping',function(){heard=Date.now();});
    source.addEventListener('gone',function(){live(false);check();});
    source.onerror=function(){
      live(false);
      if(source.readyState===2){setTimeout(check,1000);}
    };
  }
  // A laptop waking from sleep may hold a dead connection: no ping for 35 s means reconnect.
  setInterval(function(){
    if(!stopped&&Date.now()-heard>35000){live(false);heard=Date.now();connect();}
  },5000);
  connect();
})();
"""


def qr_svg(link: str) -> str:
    """An inline SVG QR code of a link (black on white, scannable from across a room)."""
    return str(segno.make(link, error="m").svg_inline(omitsize=True, light="#fff", border=2))


class WallPage:
    """Renders the page, its live board and the page of an invalid link, in one language."""

    def __init__(self, texts: Texts) -> None:
        self.texts = texts

    def _t(self, language: str, key: str, **values: object) -> str:
        # The catalogue escapes the values; the wall texts hold no markup of their own.
        return str(self.texts.get(language, key, **values))

    def title(self, language: str, board: Board) -> str:
        """The screen's title: the session's, or the visit's."""
        if board.session is not None:
            return board.session.title(language)
        return board.visit.title

    def board_html(self, language: str, board: Board) -> str:
        """The part of the page that the live updates replace."""
        t = self._t
        parts = ["<header><h1>", escape(self.title(language, board)), "</h1>"]
        if board.here is not None and board.expected is not None:
            here = t(language, "wall.page.here", count=board.here, expected=board.expected)
            parts.append(f'<div class="here" id="here">{here}</div>')
        parts.append("</header><main>")
        if board.on_screen is not None:
            parts += [
                '<section class="now" id="now"><h2>',
                t(language, "wall.page.now"),
                '</h2><p class="text">',
                escape(board.on_screen.text),
                "</p>",
                self._who(language, board.on_screen),
                "</section>",
            ]
        parts += ['<section class="open"><h2>', t(language, "wall.page.questions"), "</h2>"]
        if not board.open:
            parts.append(f'<p class="none">{t(language, "wall.page.none")}</p>')
        else:
            parts.append('<ol id="questions">')
            for question in board.open:
                parts.append(self._question(language, question, board))
            parts.append("</ol>")
            if board.more:
                more = t(language, "wall.page.more", count=board.more)
                parts.append(f'<p class="more">{more}</p>')
        parts.append("</section>")
        if board.answered:
            parts += ['<section class="answered"><h2>', t(language, "wall.page.answered"), "</h2>"]
            parts.append('<ol id="answered">')
            for question in board.answered:
                highlight = " onscreen" if self._on_screen(question, board) else ""
                by = (
                    escape(question.answered_by)
                    if question.answered_by
                    else t(language, "qa.answered_aloud")
                )
                parts += [
                    f'<li class="q{highlight}" data-id="{question.id}">',
                    f'<p class="text">{escape(question.text)}</p>',
                    f'<p class="answer">{escape(question.answer or "")}</p>',
                    f'<p class="who">— {by}</p></li>',
                ]
            parts.append("</ol></section>")
        parts.append("</main>")
        return "".join(parts)

    def ask_html(self, language: str, board: Board) -> str:
        """The QR code that opens /ask on a phone (beside the board: it never changes)."""
        if not board.ask_link:
            return ""
        return (
            f'<aside id="ask">{qr_svg(board.ask_link)}'
            f"<p>{self._t(language, 'wall.page.ask')}</p>"
            f'<p class="link">{escape(board.ask_link.removeprefix("https://"))}</p></aside>'
        )

    @staticmethod
    def _on_screen(question: BoardQuestion, board: Board) -> bool:
        return board.on_screen is not None and board.on_screen.id == question.id

    def _who(self, language: str, question: BoardQuestion) -> str:
        if question.asker is None:
            return f'<p class="who">{self._t(language, "wall.page.anonymous")}</p>'
        if not question.asker:
            return ""
        return f'<p class="who">{escape(question.asker)}</p>'

    def _question(self, language: str, question: BoardQuestion, board: Board) -> str:
        highlight = " onscreen" if self._on_screen(question, board) else ""
        votes = self._t(language, "wall.page.votes", count=question.votes)
        label = votes.split(" ", 1)[1] if " " in votes else votes
        return (
            f'<li class="q{highlight}" data-id="{question.id}">'
            f'<div class="votes">{question.votes}<small>{label}</small></div>'
            f'<div><p class="text">{escape(question.text)}</p>'
            f"{self._who(language, question)}</div></li>"
        )

    def event(self, board: Board, version: int, html: str) -> str:
        """The data of one `board` event: the board's HTML (`board_html`), the order of its
        questions and their votes (what `bench.wall` and the tests read)."""
        votes = {str(question.id): question.votes for question in board.open}
        return json.dumps(
            {
                "v": version,
                "order": board.order,
                "votes": votes,
                "html": html,
            },
            ensure_ascii=False,
            separators=(",", ":"),
        )

    def page(self, language: str, board: Board, events_url: str, nonce: str, other_url: str) -> str:
        """The whole page, with the board as it is now (it works before the script runs)."""
        t = self._t
        other = "en" if language == "id" else "id"
        title = t(language, "wall.page.title", title=self.title(language, board))
        return (
            f'<!doctype html><html lang="{language}"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width,initial-scale=1">'
            '<meta name="robots" content="noindex">'
            f"<title>{title}</title><style>{STYLE}</style></head>"
            f'<body data-events="{escape(events_url)}" data-order="'
            f'{",".join(map(str, board.order))}">'
            '<div id="top"><span id="status">'
            f'<span class="on">● {t(language, "wall.page.live")}</span>'
            f'<span class="off">○ {t(language, "wall.page.offline")}</span></span>'
            f'<a id="switch" href="{escape(other_url)}" hreflang="{other}">'
            f"{t(language, 'wall.page.switch')}</a></div>"
            f'<div id="screen"><div id="board">{self.board_html(language, board)}</div>'
            f"{self.ask_html(language, board)}</div>"
            f'<script nonce="{nonce}">{SCRIPT}</script></body></html>'
        )

    def message(self, language: str, key: str, hint_key: str | None = None) -> str:
        """A page of one sentence: the link is no longer valid, or too many screens use it."""
        t = self._t
        hint = f"<p>{t(language, hint_key)}</p>" if hint_key else ""
        other = "en" if language == "id" else "id"
        return (
            f'<!doctype html><html lang="{language}"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width,initial-scale=1">'
            '<meta name="robots" content="noindex">'
            f"<title>{t(language, key)}</title><style>{STYLE}</style></head>"
            f'<body><div class="gone" id="gone"><h1>{t(language, key)}</h1>{hint}'
            f'<p lang="{other}">{t(other, key)}</p></div></body></html>'
        )

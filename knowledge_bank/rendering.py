"""The knowledge bank's rendering: the shared Markdown renderer (kalc_portal.markdown,
re-exported here for the knowledge bank's callers) and the video players it embeds."""

from urllib.parse import urlsplit

from kalc_portal.markdown import (  # noqa: F401  (re-exported)
    ALLOWED_ATTRIBUTES,
    ALLOWED_TAGS,
    ALLOWED_URL_SCHEMES,
    render_markdown,
)


# Video and audio hosts we embed, and the privacy-enhanced player URL for each.
def embed_player_url(url: str) -> str | None:
    """The iframe URL for a YouTube or Vimeo link, or None for anything else."""
    if not url:
        return None
    parts = urlsplit(url)
    host = (parts.hostname or "").lower().removeprefix("www.").removeprefix("m.")
    if parts.scheme not in ("http", "https"):
        return None
    if host == "youtu.be":
        video = parts.path.strip("/").split("/")[0]
    elif host == "youtube.com":
        query = dict(pair.split("=", 1) for pair in parts.query.split("&") if "=" in pair)
        video = query.get("v") or (parts.path.split("/embed/")[-1] if "/embed/" in parts.path else "")
    elif host == "vimeo.com":
        video = parts.path.strip("/").split("/")[0]
        return f"https://player.vimeo.com/video/{video}?dnt=1" if video.isdigit() else None
    else:
        return None
    video = video.split("?")[0]
    if not video or not all(ch.isalnum() or ch in "-_" for ch in video):
        return None
    return f"https://www.youtube-nocookie.com/embed/{video}"


EMBED_FRAME_ORIGINS = ["https://www.youtube-nocookie.com", "https://player.vimeo.com"]

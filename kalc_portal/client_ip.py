"""The visitor's IP address, the one place rate limits learn who is asking.

allauth's limits (sign-in, password reset, ...) ask the account adapter, which asks
here; the portal's own limiter (access requests) asks here too, so one setting decides
for all of them. Behind a reverse proxy every request arrives from the proxy's address
(REMOTE_ADDR), so limits per address would be shared by every visitor; the proxy says
who the visitor was in a header, which is only believed when the settings say a proxy
is there, because anyone can send that header themselves:

- TRUSTED_CLIENT_IP_HEADER (e.g. "X-Real-IP", "CF-Connecting-IP"): the proxy sets this
  header, replacing whatever the visitor sent;
- TRUSTED_PROXY_COUNT = N: N proxies of ours each append the address they saw to
  X-Forwarded-For, so the visitor is the N-th entry from the right (entries further
  left were written by the visitor and are ignored);
- neither (development, tests, no proxy): REMOTE_ADDR, and X-Forwarded-For is ignored.
"""

import ipaddress

from django.conf import settings
from django.http import HttpRequest

# allauth's limits count an IPv6 visitor by their /64 (ALLAUTH_RATE_LIMIT_IPV6_PREFIX's
# default): one subscriber usually holds a whole /64, so single addresses are free to rotate.
IPV6_RATE_LIMIT_PREFIX = 64


def _clean(value: str | None) -> str | None:
    if not value:
        return None
    value = value.strip()
    if value.startswith("[") and "]" in value:  # "[2001:db8::1]:443"
        value = value[1 : value.index("]")]
    elif value.count(":") == 1:  # "203.0.113.7:51234"
        value = value.split(":")[0]
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return None


def _from_forwarded_for(request: HttpRequest, trusted_proxies: int) -> str | None:
    forwarded_for = request.headers.get("X-Forwarded-For", "")
    entries = [entry for entry in (part.strip() for part in forwarded_for.split(",")) if entry]
    if not entries:
        return None
    # Fewer entries than proxies: the request skipped the outer ones; the leftmost
    # entry is then the address the first proxy it met saw.
    return entries[-trusted_proxies] if len(entries) >= trusted_proxies else entries[0]


def client_ip(request: HttpRequest) -> str | None:
    """The visitor's address as the trusted proxy saw it (see the module docstring), or
    None when no valid address can be found."""
    header = settings.TRUSTED_CLIENT_IP_HEADER
    trusted_proxies = settings.TRUSTED_PROXY_COUNT
    ip = None
    if header:
        ip = _clean(request.headers.get(header))
    elif trusted_proxies > 0:
        ip = _clean(_from_forwarded_for(request, trusted_proxies))
    # A request that did not come through the proxy (a health check on the host itself)
    # carries no such header: its peer address is then the visitor's.
    return ip or _clean(request.META.get("REMOTE_ADDR"))


def rate_limit_address(request: HttpRequest) -> str:
    """What a limit per address counts: the visitor's IPv4 address, or their IPv6 /64."""
    ip = client_ip(request) or ""
    try:
        address = ipaddress.ip_address(ip)
    except ValueError:
        return ip
    if address.version == 6:
        return str(ipaddress.IPv6Network(f"{address}/{IPV6_RATE_LIMIT_PREFIX}", strict=False).network_address)
    return ip

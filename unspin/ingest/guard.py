"""A server's guard for the `Fetcher`: only http(s), only public addresses, and the connection pinned.

A server that fetches URLs for its users must not become their way into its own network: no request
may reach loopback, private, link-local, multicast, reserved or unspecified addresses, nor a cloud
metadata service. `PublicAddressesOnly.check(url)` resolves the host (`socket.getaddrinfo`) and refuses
the URL when ANY address it resolves to is one of those; the `Fetcher` asks it before the first request
and before every redirect hop.

Checking a name and then letting the HTTP client resolve it again would leave a gap (DNS rebinding: the
second answer may be 127.0.0.1). So `PublicAddressesOnly.transport()` is an httpx transport that
resolves and checks the host itself at the moment it connects, and connects to the address it checked
(the URL's host rewritten to that address; the Host header and, for https, the TLS server name and
certificate check keep the original name). Pass both to the `Fetcher`: `Fetcher(policy=guard,
transport=guard.transport())`. An environment proxy is never used with an explicit transport.

`allow` lists addresses (or networks) let through despite the rules. It exists for the tests, which
serve pages on 127.0.0.1; no command-line option or server setting reaches it.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable, Iterable
from urllib.parse import urlsplit

import httpx

from unspin.ingest.fetch import FetchError

Address = ipaddress.IPv4Address | ipaddress.IPv6Address
Network = ipaddress.IPv4Network | ipaddress.IPv6Network
SCHEMES = frozenset({"http", "https"})
METADATA = frozenset({ipaddress.ip_address("169.254.169.254"), ipaddress.ip_address("fd00:ec2::254")})
Resolver = Callable[[str, int], list[str]]


def resolve(host: str, port: int) -> list[str]:
    """Every address `host` resolves to (IPv4 and IPv6), as strings."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return [str(info[4][0]) for info in infos]


def why_refused(address: Address) -> str | None:
    """Why a connection to `address` is refused, or None for a public address."""
    if isinstance(address, ipaddress.IPv6Address):
        mapped = address.ipv4_mapped or address.sixtofour
        if mapped is not None:  # ::ffff:127.0.0.1 is 127.0.0.1
            return why_refused(mapped)
    if address in METADATA:
        return "a cloud metadata address"
    for name in ("loopback", "link_local", "unspecified", "multicast", "reserved", "private"):  # most specific first
        if getattr(address, f"is_{name}"):
            return f"a {name.replace('_', '-')} address"
    if not address.is_global:  # shared (100.64/10), documentation, benchmarking, ...
        return "not a public address"
    return None


class PublicAddressesOnly:
    """The `AddressPolicy` of a server that fetches for its users: http(s) to public addresses only."""

    def __init__(self, *, allow: Iterable[str] = (), resolver: Resolver = resolve) -> None:
        self.allow: tuple[Network, ...] = tuple(ipaddress.ip_network(item, strict=False) for item in allow)
        self.resolver = resolver

    def check(self, url: str) -> None:
        self.addresses(url)

    def addresses(self, url: str) -> list[Address]:
        """The checked addresses of the URL's host (all of them allowed), or a `FetchError` naming why not."""
        parts = urlsplit(url)
        scheme = parts.scheme.lower()
        if scheme not in SCHEMES:
            raise FetchError(f"refused {scheme or 'a URL without a scheme'}: only http and https URLs are fetched")
        try:
            host, port = parts.hostname, parts.port or (443 if scheme == "https" else 80)
        except ValueError:
            raise FetchError("refused: the URL's port is not a number") from None
        if not host:
            raise FetchError("refused: the URL names no host")
        return self.host_addresses(host, port)

    def host_addresses(self, host: str, port: int) -> list[Address]:
        try:
            found = [ipaddress.ip_address(item.split("%", 1)[0]) for item in self.resolver(host, port)]
        except (OSError, UnicodeError, ValueError) as exc:
            raise FetchError(f"refused {host}: the name does not resolve ({exc})") from None
        if not found:
            raise FetchError(f"refused {host}: the name does not resolve")
        for address in found:
            if any(address in network for network in self.allow):
                continue
            reason = why_refused(address)
            if reason is not None:
                shown = host if host == str(address) else f"{host} ({address})"
                raise FetchError(f"refused {shown}: {reason}; only public addresses are fetched")
        return found

    def transport(self, **options: object) -> PinnedTransport:
        """An httpx transport that connects only to an address this policy has just checked."""
        return PinnedTransport(self, **options)


class PinnedTransport(httpx.HTTPTransport):
    """Resolves and checks the host when it connects, then connects to that checked address, so a
    second DNS answer cannot send the request elsewhere; TLS still verifies the original host name."""

    def __init__(self, policy: PublicAddressesOnly, **options: object) -> None:
        super().__init__(**options)  # type: ignore[arg-type]
        self.policy = policy

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        url = request.url
        if url.scheme not in SCHEMES:
            raise FetchError(f"refused {url.scheme}: only http and https URLs are fetched")
        host = url.host
        address = self.policy.host_addresses(host, url.port or (443 if url.scheme == "https" else 80))[0]
        if host != str(address):
            if url.scheme == "https":
                request.extensions = {**request.extensions, "sni_hostname": host}
            request.url = url.copy_with(host=str(address))  # the Host header was set from the original URL
        return super().handle_request(request)

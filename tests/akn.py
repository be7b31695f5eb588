"""Build small Akoma Ntoso documents for tests (the real texts live in drafts/)."""

from __future__ import annotations

from xml.sax.saxutils import escape

AKN = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"


def point(eid: str, num: str, text: str) -> str:
    return f'<point eId="{eid}"><num>{escape(num)}</num><content><p>{text}</p></content></point>'


def points(prefix: str, items: list[tuple[str, str]]) -> str:
    """Points ``(letter, text)`` under ``prefix`` (text is inserted as XML, so escape it yourself)."""
    return "".join(point(f"{prefix}__point_{n}", f"({n})", t) for n, t in items)


def document(body: str, alias: str = "test-doc", date: str = "2020-01-01", title: str = "Test document") -> bytes:
    """A minimal, schema-valid AKN act around ``body`` (the content of ``<body>``)."""
    work = f"/akn/un/act/test/{date}/{alias}"
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<akomaNtoso xmlns="{AKN}" xmlns:cah="urn:cahtool:1">
  <act name="test">
    <meta>
      <identification source="#cahtool">
        <FRBRWork><FRBRthis value="{work}/!main"/><FRBRuri value="{work}"/>
          <FRBRalias value="{alias}" name="cahtool"/><FRBRdate date="{date}" name="adoption"/>
          <FRBRauthor href="#cahtool"/><FRBRcountry value="un"/></FRBRWork>
        <FRBRExpression><FRBRthis value="{work}/eng@{date}/!main"/><FRBRuri value="{work}/eng@{date}"/>
          <FRBRdate date="{date}" name="adoption"/><FRBRauthor href="#cahtool"/><FRBRlanguage language="eng"/>
        </FRBRExpression>
        <FRBRManifestation><FRBRthis value="{work}/eng@{date}/!main.xml"/><FRBRuri value="{work}/eng@{date}.akn"/>
          <FRBRdate date="{date}" name="encoding"/><FRBRauthor href="#cahtool"/></FRBRManifestation>
      </identification>
      <references source="#cahtool">
        <TLCOrganization eId="cahtool" href="/ontology/organization/cahtool" showAs="cahtool"/>
      </references>
      <proprietary source="#cahtool"><cah:title>{escape(title)}</cah:title></proprietary>
    </meta>
    <body>{body}</body>
  </act>
</akomaNtoso>
""".encode()


def article(num: int, heading: str, inner: str) -> str:
    return f'<article eId="art_{num}"><num>Article {num}</num><heading>{escape(heading)}</heading>{inner}</article>'

"""Push notifications in a real browser: permission is asked only when the person presses the
button; the subscription (injected, since no real push service is reachable here) reaches the
server; a push delivered through CDP is shown in Bahasa Indonesia with icon and badge; and
clicking it opens the page it is about; a replaced subscription is registered again."""

from __future__ import annotations

import base64
import json

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from playwright.sync_api import expect

from tests.browser.helpers import CITIZEN, live_rows, sign_in, wait_for_service_worker

pytestmark = pytest.mark.browser


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


#: The subscriptions the stand-in push service handed out, by endpoint.
SUBSCRIPTIONS: dict[str, dict] = {}


def injected_subscription(endpoint: str) -> str:
    """A script that stands in for the browser's push service: `pushManager.subscribe` gives a
    subscription with real keys, and counts how often permission was asked."""
    point = (
        ec.generate_private_key(ec.SECP256R1())
        .public_key()
        .public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
    )
    subscription = {
        "endpoint": endpoint,
        "expirationTime": None,
        "keys": {"p256dh": b64url(point), "auth": b64url(b"uji-auth-16bytes")},
    }
    SUBSCRIPTIONS[endpoint] = subscription
    return f"""
    (() => {{
      window.__asked = 0;
      const ask = Notification.requestPermission.bind(Notification);
      Notification.requestPermission = () => {{ window.__asked += 1; return ask(); }};
      if (!self.PushManager) return;
      const data = {json.dumps(subscription)};
      const KEPT = "uji-langganan";  // the browser keeps a subscription across pages
      let current = null;
      const fake = {{
        endpoint: data.endpoint,
        options: {{}},
        toJSON: () => data,
        unsubscribe: () => {{
          current = null;
          localStorage.removeItem(KEPT);
          return Promise.resolve(true);
        }},
      }};
      if (localStorage.getItem(KEPT)) current = fake;
      PushManager.prototype.subscribe = function () {{
        current = fake;
        localStorage.setItem(KEPT, "1");
        return Promise.resolve(fake);
      }};
      PushManager.prototype.getSubscription = function () {{ return Promise.resolve(current); }};
    }})();
    """


SHOWN_NOTIFICATIONS = """() => navigator.serviceWorker.ready
  .then((r) => r.getNotifications())
  .then((list) => list.map((n) => ({
    title: n.title, body: n.body, icon: n.icon, badge: n.badge, lang: n.lang, tag: n.tag,
    data: n.data })))"""


def push_session(page):
    """A CDP session with the ServiceWorker domain on, and the page's registration id."""
    session = page.context.new_cdp_session(page)
    found = []
    session.on(
        "ServiceWorker.workerRegistrationUpdated",
        lambda event: found.extend(r["registrationId"] for r in event["registrations"]),
    )
    session.send("ServiceWorker.enable")
    page.wait_for_timeout(200)
    assert found, "no service worker registration reported"
    return session, found[0]


def test_subscribe_then_a_push_is_shown_and_its_click_opens_the_page(app_page, live_server):
    page, context = app_page, app_page.context
    endpoint = "https://fcm.googleapis.com/fcm/send/uji-browser-1"
    context.add_init_script(injected_subscription(endpoint))
    context.grant_permissions(["notifications"], origin=live_server)
    sign_in(page, CITIZEN)
    wait_for_service_worker(page)

    page.goto("/notifikasi")
    expect(page.get_by_role("heading", level=1)).to_have_text("Notifikasi")
    expect(page.get_by_role("button", name="Aktifkan notifikasi")).to_be_visible()
    assert page.evaluate("window.__asked") == 0  # never on page load
    page.get_by_label("Pengumuman Dukcapil").uncheck()
    page.get_by_role("button", name="Aktifkan notifikasi").click()
    expect(page.get_by_text("Notifikasi aktif di perangkat ini.")).to_be_visible()
    assert page.evaluate("window.__asked") == 1
    rows = live_rows(
        live_server,
        "SELECT l.topik, a.username FROM langganan_push l JOIN account a ON a.id = l.akun "
        "WHERE l.endpoint = $1",
        endpoint,
    )
    assert [row["username"] for row in rows] == [CITIZEN]
    topics = rows[0]["topik"]
    topics = json.loads(topics) if isinstance(topics, str) else topics
    assert sorted(topics) == ["blanko", "kunjungan", "permohonan"]

    message = {
        "judul": "Permohonan DK-UJI1-2345 siap diambil",
        "isi": "Halo Siti, permohonan Anda siap diambil.",
        "url": "/permohonan",
        "tag": "permohonan-DK-UJI1-2345",
        "kode": "klik-browser-uji-01",
        "ikon": "/static/ikon-uji.png",
        "lencana": "/static/lencana-uji.png",
    }
    cdp, registration = push_session(page)
    cdp.send(
        "ServiceWorker.deliverPushMessage",
        {"origin": live_server, "registrationId": registration, "data": json.dumps(message)},
    )
    shown = []
    for _ in range(50):  # the push event is handled asynchronously in the worker
        shown = page.evaluate(SHOWN_NOTIFICATIONS)
        if shown:
            break
        page.wait_for_timeout(100)
    assert len(shown) == 1
    note = shown[0]
    assert note["title"] == message["judul"] and note["body"] == message["isi"]
    assert note["icon"].endswith("/static/ikon-uji.png")
    assert note["badge"].endswith("/static/lencana-uji.png")
    assert note["lang"] == "id" and note["tag"] == message["tag"]
    assert note["data"] == {"url": "/permohonan", "kode": "klik-browser-uji-01"}

    # A click on it, as the system would deliver it to the worker.
    clicks = []
    page.on(
        "request",
        lambda request: (
            clicks.append(request.url) if "/notifikasi/diklik/" in request.url else None
        ),
    )
    worker = context.service_workers[0]
    worker.evaluate(
        """() => self.registration.getNotifications().then((list) =>
             self.dispatchEvent(new NotificationEvent("notificationclick",
                                                      { notification: list[0] })))"""
    )
    page.wait_for_url("**/permohonan")
    expect(page.get_by_role("heading", level=1)).to_have_text("Permohonan saya")
    remaining = page.evaluate(
        "navigator.serviceWorker.ready.then((r) => r.getNotifications()).then((l) => l.length)"
    )
    assert remaining == 0  # closed on click

    # The push service replaces the subscription: the worker registers the new one for the
    # same account and drops the old (Chromium does not fire this event itself: dispatched).
    renewed = "https://fcm.googleapis.com/fcm/send/uji-browser-2"
    fresh = {**SUBSCRIPTIONS[endpoint], "endpoint": renewed}
    worker.evaluate(
        """([fresh, old]) => {
             const event = new ExtendableEvent("pushsubscriptionchange");
             Object.defineProperty(event, "oldSubscription",
                                   { value: { endpoint: old, options: {} } });
             Object.defineProperty(event, "newSubscription",
                                   { value: { endpoint: fresh.endpoint, toJSON: () => fresh } });
             self.dispatchEvent(event);
           }""",
        [fresh, endpoint],
    )
    for _ in range(50):
        rows = live_rows(
            live_server,
            "SELECT l.endpoint, a.username FROM langganan_push l "
            "JOIN account a ON a.id = l.akun ORDER BY l.id",
        )
        if [row["endpoint"] for row in rows] == [renewed]:
            break
        page.wait_for_timeout(100)
    assert [(row["endpoint"], row["username"]) for row in rows] == [(renewed, CITIZEN)]

    page.goto("/notifikasi")
    page.get_by_role("button", name="Matikan notifikasi di perangkat ini").click()
    expect(page.get_by_text("Notifikasi belum aktif di perangkat ini.")).to_be_visible()
    assert not live_rows(live_server, "SELECT id FROM langganan_push WHERE endpoint = $1", endpoint)

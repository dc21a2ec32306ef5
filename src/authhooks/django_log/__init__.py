"""The delivery log in a Django project: the ``authhooks.django_log`` app.

Add it to ``INSTALLED_APPS`` and run ``manage.py migrate``: its tables are those of the SQL
store (``authhooks_delivery``, ``authhooks_delivery_step``). Record deliveries with a
[`DeliveryLog`][authhooks.log.DeliveryLog] on
[`DjangoStore`][authhooks.django_log.store.DjangoStore] (or ``DeliveryLog("django")``); the
admin lists them, filters them, shows each one's timeline, headers, body, event and
diagnosis, and replays those selected with the handler named by the settings:

- ``AUTHHOOKS_REPLAY_HANDLER``: ``"module:attribute"`` of the handler (a function of the
  event, or a ``Router``);
- ``AUTHHOOKS_REPLAY_DISPATCHER`` (optional): ``"module:attribute"`` of a dispatcher that
  hands each delivery to a queue instead;
- ``AUTHHOOKS_REPLAY_DEDUP`` (optional): ``"module:attribute"`` of the endpoints'
  de-duplication store;
- ``AUTHHOOKS_DELIVERY_LOG`` (optional): ``"module:attribute"`` of the application's
  ``DeliveryLog``, so that replays share its metrics (default: one on ``DjangoStore``).
"""

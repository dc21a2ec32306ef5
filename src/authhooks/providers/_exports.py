"""What the package root exports for each registered provider, spelled out for type checkers.

``authhooks`` loads these names lazily from the registry at run time; type checkers read them
here. A test keeps this list equal to the registry's.
"""

from authhooks.providers.akamai import Akamai as Akamai, AkamaiEvent as AkamaiEvent
from authhooks.providers.authcore import AuthCore as AuthCore, AuthCoreEvent as AuthCoreEvent
from authhooks.providers.frontegg import Frontegg as Frontegg, FronteggEvent as FronteggEvent
from authhooks.providers.theauthapi import TheAuthAPI as TheAuthAPI, TheAuthAPIEvent as TheAuthAPIEvent
from authhooks.providers.userfront import Userfront as Userfront, UserfrontEvent as UserfrontEvent

__all__ = [
    "Akamai",
    "AkamaiEvent",
    "AuthCore",
    "AuthCoreEvent",
    "Frontegg",
    "FronteggEvent",
    "TheAuthAPI",
    "TheAuthAPIEvent",
    "Userfront",
    "UserfrontEvent",
]

"""Helpers to build correctly authenticated requests for every provider.

Use them to test your own webhook handlers without waiting for the provider:

```python
from authhooks.testing import sign_userfront

request = sign_userfront({"action": "create", "model": "user", "record": {}}, api_key=KEY)
# httpx and Starlette's TestClient take content=; Flask's test client takes data=.
response = client.post("/hooks/userfront", content=request.body, headers=request.headers)
```
"""

from __future__ import annotations

from authhooks.providers.akamai.signing import AkamaiTestKeys, sign_akamai
from authhooks.providers.authcore.signing import sign_authcore
from authhooks.providers.frontegg.signing import sign_frontegg
from authhooks.providers.theauthapi.signing import sign_theauthapi
from authhooks.providers.userfront.signing import sign_userfront
from authhooks.signing import SignedRequest, encode_payload

__all__ = [
    "AkamaiTestKeys",
    "SignedRequest",
    "encode_payload",
    "sign_akamai",
    "sign_authcore",
    "sign_frontegg",
    "sign_theauthapi",
    "sign_userfront",
]

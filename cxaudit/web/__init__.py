"""The browser front end: `cxaudit serve` as a guarded gateway in front of one app per browser.

textual-serve streams a Textual app to a browser by starting one app process per websocket. The
gateway keeps that model but lets nothing through without a valid link: it checks the token
before serving anything, moves it into an HttpOnly cookie, checks where each request comes from,
caps the sessions, and ends every app process when its browser goes. `guard` holds the checks,
`sessions` the app processes, `gateway` the aiohttp application and `child` what each app
process runs.
"""

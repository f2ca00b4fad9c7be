"""The platform's three languages as other standards name them: one place for the zh → Simplified map.

Pure data (no Flask): the certificate renderer uses it as well as the pages.
"""

#: BCP 47 tags for ``lang`` attributes; our Chinese is Simplified.
HTML_LANG = {"de": "de", "en": "en", "zh": "zh-Hans"}

#: Babel locales for dates, numbers and units written in a given language (not the request's).
BABEL_LOCALES = {"de": "de_DE", "en": "en_GB", "zh": "zh_Hans_CN"}

#: The session key holding the language a visitor chose in the menu (read also by the error pages, which
#: must not touch the account).
SESSION_KEY = "lang"

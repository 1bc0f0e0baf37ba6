"""Indonesian is the default UI language: the browser's Accept-Language is ignored, only an explicit choice
(the language switcher's cookie) turns English on."""


class IndonesianByDefaultMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)

import passport from 'passport';
import { Strategy as LocalStrategy } from 'passport-local';
import { verifyCredentials, findUser } from './users';

/** Local strategy over email + password; the session keeps only the user id. */
export function configurePassport(): passport.PassportStatic {
  passport.use(
    new LocalStrategy({ usernameField: 'email', passwordField: 'password' }, (email, password, done) => {
      verifyCredentials(email, password).then((user) => done(null, user ?? false), done);
    }),
  );
  passport.serializeUser((user, done) => done(null, user.id));
  passport.deserializeUser((id: number, done) => {
    // An unknown or deactivated account ends the session instead of failing the request.
    findUser(Number(id)).then((user) => done(null, user ?? false), done);
  });
  return passport;
}

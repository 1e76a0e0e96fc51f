import { Passport } from 'passport';

export type AppPassport = InstanceType<typeof Passport>;
import { Strategy as LocalStrategy } from 'passport-local';
import { verifyCredentials, findUser } from './users';

/**
 * Local strategy over email + password; the session keeps only the user id. A Passport of its own per
 * app (built by the composition root), not the library's shared instance.
 */
export function configurePassport(): AppPassport {
  const passport = new Passport();
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
